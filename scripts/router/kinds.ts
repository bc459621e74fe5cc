/**
 * Prompt-kind probes: hand-written prompts of the kinds the scorer was never trained on (chat, writing,
 * roleplay, extraction, coding, reasoning, math, STEM, humanities, MBPP-style code generation,
 * commonsense completions), each labelled with the tier of premium-model advantage that MT-bench /
 * RouteLLM category results suggest for that kind. Multi-turn probes give user turns only, in order,
 * with no assistant reply between them (as in the held-out data).
 *
 * `probeReport(scorer)` summarises scores per kind and the AUC of 'high' kinds against 'low' ones.
 *
 *   tsx scripts/router/kinds.ts [--weights FILE] [--holdout] [--all]
 *
 * `--holdout` reports the independent hold-out set (kinds-holdout.ts, written without sight of this one and
 * never used for tuning) instead; `--all` also prints every probe's score, lowest first.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScorer, type Scorer, type ScorerMessage } from '../../src/routing/scorer/index.js';
import { KIND_PROBES_HOLDOUT } from './kinds-holdout.js';

export type ProbeTier = 'low' | 'mid' | 'high';

export interface KindProbe {
  kind: string;
  tier: ProbeTier;
  messages: ScorerMessage[];
}

const u = (...turns: string[]): ScorerMessage[] => turns.map((content) => ({ role: 'user', content }));

const probe = (kind: string, tier: ProbeTier) => (...turns: string[]): KindProbe => ({ kind, tier, messages: u(...turns) });

const math = probe('math', 'high');
const reasoning = probe('reasoning', 'high');
const coding = probe('coding', 'high');
const extraction = probe('extraction', 'mid');
const stem = probe('stem', 'mid');
const codeGen = probe('code-gen-short', 'mid');
const writing = probe('writing', 'low');
const roleplay = probe('roleplay', 'low');
const humanities = probe('humanities', 'low');
const chitChat = probe('chit-chat', 'low');
const facts = probe('simple-facts', 'low');
const commonsense = probe('commonsense', 'low');

const FENCE = '```';

export const KIND_PROBES: ReadonlyArray<KindProbe> = [
  // ------------------------------------------------------------------ high: math
  math(
    'A shop marks up a jacket by 40% over what it paid, then later sells it at 25% off the marked price. The sale price was $63. What did the shop pay for the jacket, and what was its profit as a percentage of cost?',
  ),
  math(
    'Three fair six-sided dice are rolled. What is the probability that the largest number showing is exactly 4?',
    'Now generalise: with n fair dice that each have m faces, what is the probability that the maximum equals k? Simplify the expression as far as you can.',
  ),
  math('Find all pairs of integers (x, y) with x^2 - y^2 = 45.'),
  math(
    'The terms of an infinite geometric series add up to 12, and the squares of its terms add up to 48. Find the first term and the common ratio.',
    'Using those values, what do the cubes of the terms add up to?',
  ),
  math('What is the remainder when 7^2024 is divided by 100? Show your working.'),
  math(
    'Two inlet pipes can fill a tank on their own in 6 hours and 9 hours respectively, and a drain can empty the full tank in 12 hours. At noon the tank is one-third full and all three are opened together. At what time will the tank be full?',
  ),

  // ------------------------------------------------------------------ high: reasoning
  reasoning(
    'Four meetings A, B, C and D must be scheduled into the 9, 10, 11 and 12 o\'clock slots, one per slot. A has to be earlier than C. B cannot be at 9 or at 12. D must come immediately after B. C cannot be at 12. List every valid schedule and explain how you ruled out the others.',
  ),
  reasoning(
    'A woman points at a photograph and says: "I have no brothers or sisters, but this person\'s mother is my mother\'s daughter." Who is in the photograph?',
  ),
  reasoning(
    'There are three boxes. One is labelled "apples", one "oranges", and one "apples and oranges". Every label is wrong. You may take out a single piece of fruit from one box of your choice without looking inside. How can you then relabel all three boxes correctly?',
    'Now suppose exactly one of the three labels is correct, but you do not know which. What is the smallest number of fruits you must draw to be sure of labelling every box correctly? Justify it.',
  ),
  reasoning(
    'On an island every inhabitant is either a knight, who always tells the truth, or a knave, who always lies. A says: "B is a knave." B says: "A and C are the same kind." What can you conclude about C?',
  ),
  reasoning(
    'If 5 printers take 5 minutes to print 5 posters, how many minutes would 100 printers need to print 100 posters? Explain why many people get this wrong.',
    'Now invent a trick question of your own in the same spirit, about rates or ratios, give the correct answer, and explain the trap.',
  ),
  reasoning(
    'Six runners finished a race. Priya finished before Tom but after Lena. Omar finished immediately after Tom. Zoe was not first, and she finished before Priya. Kai finished before Lena. Nobody tied. In what position did each runner finish? If more than one order is possible, say so.',
  ),

  // ------------------------------------------------------------------ high: coding
  coding(
    'Implement an LRU cache class in TypeScript with get(key) and put(key, value), both O(1), and a capacity fixed in the constructor. Do not rely on the insertion order of the built-in Map for eviction; write the doubly linked list yourself, and make sure updating an existing key counts as a use.',
  ),
  coding(
    `This function is meant to return the index of the first occurrence of target in a sorted list, or -1. It hangs on some inputs and raises an exception on others. Find every bug and give a corrected version.

${FENCE}python
def find_first(nums, target):
    lo, hi = 0, len(nums)
    while lo < hi:
        mid = (lo + hi) // 2
        if nums[mid] < target:
            lo = mid
        else:
            hi = mid
    return lo if nums[lo] == target else -1
${FENCE}`,
  ),
  coding(
    'Write a function that takes a string and returns the length of its longest substring containing at most two distinct characters. It must run in linear time.',
    'Now generalise it to at most k distinct characters, and state the time and space complexity in terms of n and k.',
  ),
  coding(
    `What is the time complexity of this function in terms of n, and why? Be precise, not just an upper bound.

${FENCE}js
function count(n) {
  let total = 0;
  for (let i = 1; i < n; i *= 2) {
    for (let j = 0; j < i; j++) {
      total++;
    }
  }
  return total;
}
${FENCE}`,
  ),
  coding(
    `Why does this print "done" before the files have been uploaded?

${FENCE}js
async function processAll(paths) {
  paths.forEach(async (p) => {
    const data = await fs.promises.readFile(p, 'utf8');
    await upload(data);
  });
  console.log('done');
}
${FENCE}`,
    'Fix it so that at most 4 uploads are in flight at any moment and "done" is printed only after all of them finish. No third-party libraries.',
  ),
  coding(
    'Given a list of meetings as (start, end) pairs, compute the minimum number of rooms needed so that no two overlapping meetings share a room. A meeting that ends exactly when another starts does not overlap it. Implement it in Rust, with O(n log n) time, and explain why the approach is correct.',
  ),

  // ------------------------------------------------------------------ mid: extraction
  extraction(
    `From the passage below, extract the company name, the quarter, revenue, net income and the year-over-year revenue growth as a JSON object with those keys. Use numbers, not strings, for the amounts (in millions).

Northwind Robotics reported results for the third quarter of 2023 on Tuesday. Revenue came in at $412 million, up 18% from the same quarter a year earlier, while net income rose to $37 million. The company raised its full-year outlook and said it expects hiring to slow in the fourth quarter.`,
  ),
  extraction(
    `Read this email and list every action item in a table with columns: owner, task, deadline.

Hi all, quick recap of today's call. Priya will send the revised budget to finance by Friday. Marco is going to book the venue for the offsite, ideally before the end of the month. I'll draft the agenda and circulate it next Monday. Jun, could you check with legal whether we need new NDAs for the contractors? No hard deadline on that one, but sooner is better. Thanks, Elena`,
  ),
  extraction(
    `Here are some notes I typed up. Extract the title, author and publication year of each book as CSV with a header row.

I re-read Brave New World by Aldous Huxley (1932) last month, and after that went on to The Left Hand of Darkness, Ursula K. Le Guin's 1969 novel. My book club is doing Beloved (Toni Morrison, 1987) next, and someone suggested Orwell's Animal Farm, which came out in 1945.`,
    'Now return only the books published before 1950, sorted by year, as a JSON array of objects.',
  ),
  extraction(
    `Turn this recipe into a JSON list of ingredients, each with name, quantity and unit (null if there is no unit).

To make the pancakes, whisk together 200 g of flour, 2 eggs, 300 ml of milk and a pinch of salt. Melt 1 tablespoon of butter in the pan before each batch. Serve with 3 tablespoons of maple syrup and a handful of blueberries.`,
  ),
  extraction(
    `Extract the following fields from this job ad as JSON: job_title, company, location, remote (true/false), salary_min, salary_max, currency, required_years_experience, skills (array).

Lumen Analytics is hiring a Senior Data Engineer for its Berlin office (hybrid, two days a week on site). You will build and maintain our streaming pipelines. We're looking for at least 5 years of experience with Python and SQL, and hands-on knowledge of Kafka and Airflow. Salary range: EUR 75,000 - 92,000 depending on experience.`,
  ),
  extraction(
    `For each review below, give the product mentioned and whether the sentiment is positive, negative or mixed, as a markdown table.

1. "The Aria headphones sound great but the band started cracking after a month."
2. "Absolutely love my new Kestrel 3 running shoes, best purchase this year."
3. "The Orbit blender is loud and the lid leaks. Returning it."
4. "Decent battery on the Pixelate tablet, screen is just okay."`,
    'Add a column with the main complaint in each review, or "none" if there is no complaint.',
  ),

  // ------------------------------------------------------------------ mid: stem
  stem(
    'Explain why the daytime sky looks blue in terms of Rayleigh scattering, and estimate roughly how many times more strongly 450 nm light is scattered than 700 nm light.',
  ),
  stem(
    'A 2 kg ball is dropped from a height of 20 m. Ignoring air resistance, how fast is it moving just before it hits the ground? Explain what happens to its potential and kinetic energy along the way.',
  ),
  stem(
    'What is a buffer solution, and how does it resist changes in pH when a little acid or base is added?',
    'Calculate the pH of a buffer made from 0.10 M acetic acid and 0.15 M sodium acetate, given a pKa of 4.76.',
  ),
  stem(
    'How is the half-life of a radioactive isotope related to its decay constant? If a piece of wood has 30% of the carbon-14 activity of living wood, roughly how old is it? (The half-life of C-14 is about 5,730 years.)',
  ),
  stem(
    'Describe what it means that DNA replication is semi-conservative and what the Meselson-Stahl experiment showed. If bacteria grown in heavy nitrogen are moved to light nitrogen, what fraction of DNA molecules are hybrid after three generations?',
  ),
  stem(
    'Explain the photoelectric effect and why it supported the idea that light comes in quanta.',
    'If light with a wavelength of 250 nm hits a metal whose work function is 4.3 eV, what is the maximum kinetic energy of the ejected electrons?',
  ),

  // ------------------------------------------------------------------ mid: code-gen-short (MBPP-like)
  codeGen('Write a python function to find the sum of the even numbers that sit at odd indices of a list.'),
  codeGen(
    'Write a function to check whether a given string is a valid IPv4 address.\nYour code should pass these tests:\nassert is_ipv4("192.168.0.1") == True\nassert is_ipv4("256.1.1.1") == False\nassert is_ipv4("1.2.3") == False',
  ),
  codeGen('Write a python function to count the number of set bits in a non-negative integer.'),
  codeGen('Write a function to merge two dictionaries, adding together the values of keys present in both.'),
  codeGen(
    'Write a function to find the second smallest distinct number in a list.\nYour code should pass these tests:\nassert second_smallest([4, 1, 3, 1, 2]) == 2\nassert second_smallest([5, 5]) == None',
  ),
  codeGen(
    'Write a python function to check whether a given number is a perfect square.',
    'Now do it without using sqrt or any floating point operations.',
  ),

  // ------------------------------------------------------------------ low: writing
  writing(
    'Write a travel blog post of about 300 words about a long weekend in Lisbon. Use a warm, conversational tone, include exactly three subheadings, mention at least two local dishes, never use the word "amazing", and finish with a question addressed to the reader.',
    'Now rewrite the whole post as three limericks.',
  ),
  writing(
    'Write an email to my landlord asking to postpone next month\'s rent increase by three months. Keep it under 200 words, be polite but firm, mention that I have paid on time for four years, and propose a specific compromise.',
  ),
  writing(
    'Write a sonnet about a lighthouse keeper\'s last night on duty before the lighthouse is automated. Use iambic pentameter and the Shakespearean rhyme scheme (ABAB CDCD EFEF GG), and do not use the words "sea", "light" or "wave" anywhere in the poem.',
    'Now turn it into a free-verse poem for six-year-olds, no more than 12 lines long.',
  ),
  writing(
    'Draft a product description for a reusable bamboo water bottle for our online shop. Structure: two short paragraphs, then a bulleted list of exactly five features, then a tagline of fewer than eight words. The audience is eco-conscious commuters aged 25-40. Keep the tone confident but understated, use British spelling, and do not use any exclamation marks or the words "eco-friendly" or "sustainable".',
  ),
  writing(
    'Write a short story of around 400 words that opens with the sentence "The elevator stopped between floors, and the lights went out." Write it in the second person and present tense, keep dialogue to at most three lines, and end with a twist.',
    'Rewrite the ending so that it is hopeful rather than unsettling, keeping everything before the last paragraph unchanged.',
  ),
  writing(
    'Write a LinkedIn post announcing that I am leaving my job after seven years to open a bakery. It should sound grateful but not cheesy, thank my team without naming anyone, include one light joke about sourdough, end with three relevant hashtags, and stay under 150 words.',
  ),

  // ------------------------------------------------------------------ low: roleplay
  roleplay(
    'Pretend you are a grumpy medieval blacksmith. A cheerful young traveller walks into your forge and asks if you could make him a sword for free. Respond in character.',
  ),
  roleplay(
    'Act as Sherlock Holmes. I will describe a stranger and you tell me what you deduce: she has ink stains on her left cuff, a sunburn on only the right side of her face, and a crumpled train ticket sticking out of her coat pocket.',
    'Still as Holmes, explain to Watson how you would go about confirming your deductions.',
  ),
  roleplay(
    'You are a cheerful flight attendant on a plane that has been stuck on the runway for two hours. Make an announcement to the passengers.',
  ),
  roleplay(
    'Let\'s role-play. You are my strict but fair personal trainer, and I have just admitted that I skipped leg day again this week. Stay in character.',
    'Okay, okay. So what should I do tomorrow then?',
  ),
  roleplay('Imagine you are a pirate captain giving a speech to your crew the night before the final battle. Make it rousing and use plenty of pirate slang.'),
  roleplay(
    'Pretend to be a sommelier at a fancy restaurant and recommend a wine to go with my steak. I know nothing about wine, so keep it friendly and simple.',
  ),

  // ------------------------------------------------------------------ low: humanities
  humanities('What were the main causes of the decline of the Western Roman Empire?'),
  humanities(
    'What is comparative advantage in economics? Give an everyday example.',
    'How does that idea feature in the arguments for and against free trade?',
  ),
  humanities('Summarise Kant\'s categorical imperative in plain language, and explain how it differs from utilitarian ethics.'),
  humanities('What effects did the printing press have on European society in the fifteenth and sixteenth centuries?'),
  humanities(
    'What is inflation, and why do central banks raise interest rates to fight it?',
    'Now explain the same thing as if I were ten years old.',
  ),
  humanities('Discuss how the Silk Road shaped cultural and religious exchange between China, Central Asia and the Mediterranean world.'),

  // ------------------------------------------------------------------ low: chit-chat
  chitChat("hey! how's it going?"),
  chitChat('Thanks so much, that really helped me out :)'),
  chitChat('good morning', 'what should I have for breakfast today?'),
  chitChat("I'm bored. Tell me something fun."),
  chitChat('Do you have a favourite season? Mine is autumn.'),
  chitChat('I finally handed in my thesis today!!', 'Haha thanks. Now I have no idea what to do with all this free time.'),

  // ------------------------------------------------------------------ low: simple-facts
  facts('What is the capital of Australia?'),
  facts('Who wrote Pride and Prejudice?'),
  facts('What does the word "photosynthesis" mean?'),
  facts('How many continents are there?'),
  facts("What's the tallest mountain in Africa?", 'And how high is it?'),
  facts('Who painted the Mona Lisa?', 'Roughly when was it painted?'),

  // ------------------------------------------------------------------ low: commonsense
  commonsense(
    'A woman is standing at the kitchen counter cracking eggs into a bowl. She then\nA. ties her shoelaces and goes for a run.\nB. beats the eggs with a fork.\nC. plants the eggs in the garden.\nD. paints the bowl blue.',
  ),
  commonsense('Which of these is a renewable source of energy?\n(A) coal\n(B) natural gas\n(C) wind\n(D) oil'),
  commonsense('Maria lent her umbrella to Jenna because _ was about to walk home in the rain.\nOption 1: Maria\nOption 2: Jenna'),
  commonsense(
    'What happens to a cup of water left in a freezer for several hours?\nA. It evaporates.\nB. It turns into ice.\nC. It gets warmer.\nD. It turns into a gas.',
  ),
  commonsense(
    'A man is holding a leash while a small dog runs circles around him in the park. The man\nA. bends down and clips the leash onto the dog\'s collar.\nB. throws the leash into a lake and starts swimming.\nC. reads the leash like a newspaper.\nD. climbs onto the dog\'s back.',
  ),
  commonsense(
    'A student wants to find out which brand of paper towel soaks up the most water. Which of these should be kept the same in every trial?\nA. the brand of paper towel\nB. the amount of water\nC. the amount absorbed\nD. the color of the towel',
  ),
];

// --------------------------------------------------------------------------- report

export interface KindRow {
  kind: string;
  tier: string;
  n: number;
  mean: number;
  min: number;
  max: number;
}

export interface ProbeReport {
  byKind: KindRow[];
  /** P(score of a random 'high' probe > score of a random 'low' probe), ties count 1/2. */
  aucHighVsLow: number;
  /** Same, 'high' against 'mid' and 'low' together. */
  aucHighVsRest: number;
  /** Mean score over the probes of each tier. */
  tierMeans: Record<string, number>;
}

/** Mann-Whitney AUC: P(a random element of `pos` > a random element of `neg`), ties 1/2. NaN if either is empty. */
export function aucOf(pos: readonly number[], neg: readonly number[]): number {
  if (pos.length === 0 || neg.length === 0) return NaN;
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

const meanOf = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Scores every probe with `scorer`. */
export function scoreProbes(scorer: Scorer, probes: ReadonlyArray<KindProbe> = KIND_PROBES): Array<KindProbe & { score: number }> {
  return probes.map((p) => ({ ...p, score: scorer.score(p.messages) }));
}

/** Per-kind summary (in first-appearance order), tier means and AUCs of the probes under `scorer`. */
export function probeReport(scorer: Scorer, probes: ReadonlyArray<KindProbe> = KIND_PROBES): ProbeReport {
  const scored = scoreProbes(scorer, probes);
  const kinds = new Map<string, { tier: string; xs: number[] }>();
  const tiers = new Map<string, number[]>();
  for (const p of scored) {
    const k = kinds.get(p.kind);
    if (k) k.xs.push(p.score);
    else kinds.set(p.kind, { tier: p.tier, xs: [p.score] });
    const t = tiers.get(p.tier);
    if (t) t.push(p.score);
    else tiers.set(p.tier, [p.score]);
  }
  const byKind: KindRow[] = [...kinds].map(([kind, { tier, xs }]) => ({
    kind,
    tier,
    n: xs.length,
    mean: meanOf(xs),
    min: Math.min(...xs),
    max: Math.max(...xs),
  }));
  const tierMeans: Record<string, number> = {};
  for (const [tier, xs] of tiers) tierMeans[tier] = meanOf(xs);
  const high = tiers.get('high') ?? [];
  const low = tiers.get('low') ?? [];
  const rest = [...low, ...(tiers.get('mid') ?? [])];
  return { byKind, aucHighVsLow: aucOf(high, low), aucHighVsRest: aucOf(high, rest), tierMeans };
}

// --------------------------------------------------------------------------- CLI

function main(): void {
  const argv = process.argv.slice(2);
  const wi = argv.indexOf('--weights');
  const weights = wi >= 0 ? argv[wi + 1] : undefined;
  if (wi >= 0 && weights === undefined) throw new Error('--weights needs a FILE');
  const scorer = loadScorer(weights !== undefined ? resolve(weights) : undefined);
  const probes = argv.includes('--holdout') ? KIND_PROBES_HOLDOUT : KIND_PROBES;
  const rep = probeReport(scorer, probes);

  console.log(`weights: ${scorer.path}`);
  console.log(`${probes === KIND_PROBES ? 'design' : 'hold-out'} set: ${probes.length} probes, ${probes.filter((p) => p.messages.length > 1).length} multi-turn\n`);
  console.log(`${'kind'.padEnd(16)} ${'tier'.padEnd(5)} ${'n'.padStart(3)}  ${'mean'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)}`);
  for (const r of [...rep.byKind].sort((a, b) => a.mean - b.mean)) {
    console.log(
      `${r.kind.padEnd(16)} ${r.tier.padEnd(5)} ${String(r.n).padStart(3)}  ${r.mean.toFixed(3).padStart(6)} ${r.min.toFixed(3).padStart(6)} ${r.max.toFixed(3).padStart(6)}`,
    );
  }
  const tm = (['low', 'mid', 'high'] as const).map((t) => `${t} ${(rep.tierMeans[t] ?? NaN).toFixed(3)}`).join(', ');
  console.log(`\ntier means: ${tm}`);
  console.log(`AUC high vs low:  ${rep.aucHighVsLow.toFixed(3)}`);
  console.log(`AUC high vs rest: ${rep.aucHighVsRest.toFixed(3)}`);

  if (argv.includes('--all')) {
    console.log('\nevery probe, lowest score first:');
    const rows = scoreProbes(scorer, probes).sort((a, b) => a.score - b.score);
    for (const r of rows) {
      const last = r.messages[r.messages.length - 1];
      const text = String(last?.content ?? '').replace(/\s+/g, ' ');
      const turns = r.messages.length > 1 ? `[${r.messages.length}t] ` : '';
      console.log(`${r.score.toFixed(3)}  ${r.tier.padEnd(4)}  ${r.kind.padEnd(15)} ${turns}${text.slice(0, 70)}`);
    }
  }
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  if (import.meta.url === pathToFileURL(entry).href) return true;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly()) main();
