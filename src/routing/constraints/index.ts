/** Constraints applied before any routing choice: policy, capabilities, size, health. */
export type { ConstraintInput, PolicyInput, Exclusion, ExclusionReason, FilterResult, JurisdictionPolicy, Requirements } from './types.js';
export { requirementsOf } from './requirements.js';
export { EU_MEMBERS, JURISDICTION_HEADER, expandCodes, isJurisdictionCode, jurisdictionViolation, makePolicy, parseJurisdictionHeader } from './jurisdiction.js';
export { isModelAllowed, type AllowedModels } from './allowed-models.js';
export { checkCandidate, checkPolicy, filterCandidates } from './filter.js';
export { NoEligibleModelError, codeFor, describeExclusions, noEligibleModel } from './error.js';
export { constraintInput, policyInput, headerValue, jurisdictionPolicies, withRoutePolicy } from './input.js';
export { droppedSummary, withDropped } from './summary.js';
export { jurisdictionsOption, routePolicy } from './route-policy.js';
