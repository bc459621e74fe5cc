// Gateway overhead benchmark: the emulator direct (the ceiling), through Switchyard, and through the
// Portkey gateway (a peer, when installable), side by side in one run on this machine.
//   npm run bench                   # full run (about 3 minutes)
//   npm run bench -- --quick        # shorter durations
//   npm run bench -- --no-portkey   # skip the peer
// Latency at concurrency 1 is measured with our own sequential loop (microsecond resolution);
// throughput at concurrency 64 with autocannon. Results: stdout table + bench/results/latest.json.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const withPortkey = !args.has('--no-portkey');
const DURATION = quick ? 4 : 10;
const LATENCY_N = quick ? 1500 : 5000;
const RSS_N = quick ? 20_000 : 100_000;
const CONNECTIONS = 64;
const cli = join(root, 'dist/cli/main.js');
const children = [];

function startProcess(cmd, argv, readyPattern, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = readyPattern.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (process.env.BENCH_DEBUG) { child.stdout.on('data', (d) => process.stderr.write(d)); child.stderr.on('data', (d) => process.stderr.write(d)); }
    child.once('exit', (code) => reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${out.slice(-500)}`)));
    setTimeout(() => reject(new Error(`timeout starting ${argv.join(' ')}: ${out.slice(-500)}`)), 60_000).unref();
  });
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const body = (stream) =>
  JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Benchmark: reply briefly.' }], max_tokens: 16, ...(stream ? { stream: true } : {}) });

async function latency(target, stream) {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: 1, pipelining: 1 });
  const payload = body(stream);
  const samples = [];
  let errors = 0;
  let lastError = '';
  for (let i = 0; i < LATENCY_N + 200; i++) {
    const t0 = performance.now();
    const res = await pool.request({ path: url.pathname, method: 'POST', headers: target.headers, body: payload });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      errors++;
      lastError = `status ${res.statusCode}: ${text.slice(0, 200)}`;
      continue;
    }
    if (i >= 200) samples.push(performance.now() - t0); // the first 200 warm up JIT and sockets
  }
  await pool.close();
  if (errors > 0) console.error(`${target.name}: ${errors} failed requests at concurrency 1 (last: ${lastError})`);
  if (samples.length < LATENCY_N / 2) throw new Error(`${target.name}: too many failures (${errors})`);
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { p50: q(0.5), p99: q(0.99), errors };
}

async function throughput(target, stream, opts = {}) {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: body(stream),
    connections: CONNECTIONS,
    ...(opts.amount ? { amount: opts.amount } : { duration: DURATION }),
  });
  const non2xx = result.non2xx + result.errors;
  return { rps: result.requests.average, total: result.requests.total, errors: non2xx, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main() {
  execFileSync('node', [cli, '--version']);
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const emu = await startProcess('node', [cli, 'emulate', '--port', '0'], /listening on (http:\/\/[\d.]+:\d+)/);
  const emuUrl = emu.match[1];
  const configPath = join(dir, 'bench.yaml');
  writeFileSync(
    configPath,
    `ledger: sqlite:${dir}/ledger.db\n${process.env.BENCH_LEDGER_COMMIT ? `ledger_commit: ${process.env.BENCH_LEDGER_COMMIT}\n` : ""}providers:\n  deepseek: { preset: deepseek, base_url: ${emuUrl}/deepseek/v1, api_key: bench }\n`,
  );
  const sy = await startProcess('node', [cli, 'serve', '--config', configPath, '--port', '0'], /listening on (http:\/\/[\d.]+:\d+)/, { SWITCHYARD_LOG_LEVEL: 'warn' });
  const syUrl = sy.match[1];
  const targets = [
    { name: 'direct (emulator)', url: `${emuUrl}/deepseek/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } },
    { name: 'switchyard', url: `${syUrl}/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: 'Bearer bench' } },
  ];
  if (withPortkey) {
    try {
      const peerDir = join(root, 'bench/.peers');
      const entry = join(peerDir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
      if (!existsSync(entry)) {
        mkdirSync(peerDir, { recursive: true });
        execFileSync('npm', ['install', '--prefix', peerDir, '--no-save', '--no-audit', '--no-fund', '@portkey-ai/gateway@1.15.2'], { stdio: 'ignore' });
      }
      const port = 18787 + Math.floor(Math.random() * 1000);
      await startProcess('node', [entry, `--port=${port}`], /Ready for connections/i);
      await new Promise((r) => setTimeout(r, 500));
      targets.push({
        name: 'portkey 1.15.2',
        url: `http://127.0.0.1:${port}/v1/chat/completions`,
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${emuUrl}/deepseek/v1` },
      });
    } catch (err) {
      console.error(`portkey peer skipped: ${err.message.split('\n')[0]}`);
    }
  }

  const results = { machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, date: new Date().toISOString(), quick, targets: {} };
  // The peer runs first: Portkey 1.15.2 was seen failing every request ("TypeError: immutable") when it ran
  // after the emulator had already served the other targets' load.
  for (const t of [...targets.slice(2), ...targets.slice(0, 2)]) {
    const r = {};
    // A target that fails a measurement is reported as failed for it, not fatal for the run.
    const measure = async (key, fn) => {
      try {
        r[key] = await fn();
      } catch (err) {
        console.error(`${t.name} ${key} failed: ${err.message}`);
        results.failed = { ...results.failed, [`${t.name} ${key}`]: err.message };
      }
    };
    await measure('latency', () => latency(t, false));
    await measure('latencyStream', () => latency(t, true));
    await measure('throughput', () => throughput(t, false));
    await measure('throughputStream', () => throughput(t, true));
    results.targets[t.name] = r;
    console.error(`${t.name}: done`);
  }
  const rssBefore = rssMb(sy.child.pid);
  const soak = await throughput(targets[1], false, { amount: RSS_N });
  const rssAfter = rssMb(sy.child.pid);
  results.rss = { beforeMb: rssBefore, afterMb: rssAfter, requests: soak.total, errors: soak.errors };

  const d = results.targets['direct (emulator)'];
  const s = results.targets.switchyard;
  const p = results.targets['portkey 1.15.2'];
  const f = (n, k = 2) => (n === undefined ? '-' : n.toFixed(k));
  for (const [what, why] of Object.entries(results.failed ?? {})) console.log(`FAILED ${what}: ${why}`);
  const rows = [['target', 'p50 ms', 'p99 ms', 'stream p50', 'stream p99', 'req/s c=64', 'stream req/s', 'errors']];
  for (const [name, r] of Object.entries(results.targets)) {
    rows.push([name, f(r.latency?.p50, 3), f(r.latency?.p99, 3), f(r.latencyStream?.p50, 3), f(r.latencyStream?.p99, 3), f(r.throughput?.rps, 0), f(r.throughputStream?.rps, 0), String((r.throughput?.errors ?? 0) + (r.throughputStream?.errors ?? 0))]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
  results.summary = {
    addedP50Ms: s.latency.p50 - d.latency.p50,
    addedP99Ms: s.latency.p99 - d.latency.p99,
    addedStreamP50Ms: s.latencyStream.p50 - d.latencyStream.p50,
    throughputShareOfDirect: s.throughput.rps / d.throughput.rps,
    vsPortkey: p?.throughput ? s.throughput.rps / p.throughput.rps : null,
  };
  console.log('');
  console.log(`added latency (c=1): p50 ${f(results.summary.addedP50Ms, 3)} ms, p99 ${f(results.summary.addedP99Ms, 3)} ms; streaming p50 ${f(results.summary.addedStreamP50Ms, 3)} ms`);
  console.log(`throughput: ${f(results.summary.throughputShareOfDirect * 100, 1)}% of direct` + (results.summary.vsPortkey ? `, ${f(results.summary.vsPortkey, 1)}x Portkey` : ''));
  console.log(`RSS: ${f(rssBefore, 1)} MB before, ${f(rssAfter, 1)} MB after ${soak.total} more requests (${soak.errors} errors)`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(results, null, 2) + '\n');
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
  });
