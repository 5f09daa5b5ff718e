#!/usr/bin/env node
// npm run rebuild:electron — build better-sqlite3 for Electron's ABI into
// build-electron/better-sqlite3/, without touching node_modules/better-sqlite3/build
// (the Node build the tests and the CLI use). The app loads the Electron build
// through better-sqlite3's `nativeBinding` option (main/store/native_binding.ts).
//
//   node scripts/rebuild-electron.mjs [--electron-version X.Y.Z] [--arch x64|arm64|ia32]
//
// Why not electron-rebuild / `electron-builder install-app-deps`: they rebuild
// in place (a failed run deletes better-sqlite3's build/), and through npx with
// the machine's `nodedir=/usr` npmrc they print "Rebuild Complete" while
// compiling against Node's headers. So we compile a copy of the sources with
// node-gyp, strip npm's nodedir from the environment, and refuse the result
// unless it really is not loadable by this Node (i.e. has Electron's ABI).
//
// Failures print ONE line on stderr (full tool output goes to
// build-electron/rebuild.log) and exit 1.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// AUTOGRAD_LAB_ELECTRON_BUILD_DIR moves all output (tests use a temp folder).
const OUT_ROOT = path.resolve(process.env.AUTOGRAD_LAB_ELECTRON_BUILD_DIR || path.join(ROOT, 'build-electron'));
const SRC_COPY = path.join(OUT_ROOT, 'better-sqlite3-src');
const DEV_DIR = path.join(OUT_ROOT, 'electron-gyp'); // downloaded Electron headers
const OUT_DIR = path.join(OUT_ROOT, 'better-sqlite3');
const LOG = path.join(OUT_ROOT, 'rebuild.log');
const DEFAULT_HEADERS_URL = 'https://electronjs.org/headers';

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

function parseArgs(argv) {
  const opts = { electronVersion: process.env.ELECTRON_VERSION, arch: process.env.ELECTRON_ARCH || process.arch };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`${a} needs a value`);
    if (a === '--electron-version') opts.electronVersion = value();
    else if (a === '--arch') opts.arch = value();
    else if (a === '--help' || a === '-h') opts.help = true;
    else fail(`unknown argument "${a}" (try --help)`);
  }
  return opts;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** --electron-version / ELECTRON_VERSION, else the installed electron package, else the exact version pinned in package.json. */
function electronVersion(explicit) {
  if (explicit) return explicit.replace(/^v/, '');
  const installed = readJson(path.join(ROOT, 'node_modules', 'electron', 'package.json'));
  if (installed?.version) return installed.version;
  const pkg = readJson(path.join(ROOT, 'package.json')) ?? {};
  const spec = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const exact = spec?.match(/^[~^=]?(\d+\.\d+\.\d+)$/);
  if (exact) return exact[1];
  fail('cannot tell which Electron version to build for: the electron package is not installed and package.json pins no exact version; pass --electron-version X.Y.Z');
}

/** npm's bundled node-gyp (npm exposes it to scripts as npm_config_node_gyp), else a project-local one. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(path.join(ROOT, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally
  }
  return candidates.find((c) => c && fs.existsSync(c)) ?? fail('node-gyp was not found (it ships with npm); install npm or node-gyp');
}

/** Copy the parts of better-sqlite3 that node-gyp needs, so its own build/ is never touched. */
function copySources() {
  const pkgDir = path.join(ROOT, 'node_modules', 'better-sqlite3');
  const pkg = readJson(path.join(pkgDir, 'package.json')) ?? fail('node_modules/better-sqlite3 is missing; run npm ci first');
  fs.rmSync(SRC_COPY, { recursive: true, force: true });
  fs.mkdirSync(SRC_COPY, { recursive: true });
  for (const entry of ['binding.gyp', 'package.json', 'src', 'deps']) {
    fs.cpSync(path.join(pkgDir, entry), path.join(SRC_COPY, entry), { recursive: true });
  }
  return pkg.version;
}

/** The environment for node-gyp without npm's config (nodedir=/usr etc. would make it build for Node). */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|devdir|build_from_source)$/i.test(k)) continue;
    if (k === 'NODEJS_ORG_MIRROR') continue;
    env[k] = v;
  }
  return env;
}

/** One line saying why node-gyp failed, from its log. */
function explainGypFailure(log, version, headersUrl) {
  const errors = log.split('\n').filter((l) => /gyp ERR!|gyp WARN install|Error:/.test(l)).join('\n');
  const netCode = /(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|CERT_\w+|\b40[34]\b)/.exec(errors);
  if (netCode || /network connectivity|install got an error|getaddrinfo|FetchError/i.test(errors)) {
    return `could not download the Electron ${version} headers from ${headersUrl}${netCode ? ` (${netCode[1]})` : ' (offline?)'}. ` +
      'Building for Electron needs them once: connect to the internet (or set ELECTRON_HEADERS_URL to a mirror) and run npm run rebuild:electron again. ' +
      'The Node build in node_modules/better-sqlite3 was not touched.';
  }
  if (/not found: make|find Python|cc1plus|g\+\+|compiler/i.test(errors)) {
    return `the C++ toolchain (python3, make, a C++20 compiler) is missing or failed; see ${path.relative(process.cwd(), LOG)}`;
  }
  return `node-gyp failed building better-sqlite3 for Electron ${version}; see ${path.relative(process.cwd(), LOG)}`;
}

function nodeModuleVersion(version) {
  const header = path.join(DEV_DIR, version, 'include', 'node', 'node_version.h');
  const m = fs.existsSync(header) ? /#define NODE_MODULE_VERSION (\d+)/.exec(fs.readFileSync(header, 'utf8')) : null;
  return m ? Number(m[1]) : undefined;
}

/** A real Electron build must NOT load in this Node: Node refuses other ABIs. */
function assertNotNodeAbi(binary) {
  const probe = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(binary)})`], { encoding: 'utf8' });
  if (probe.status === 0) {
    fail(`the build loads in Node ${process.version}, so it was compiled for Node's ABI, not Electron's (is nodedir set in an npmrc?). Not installed.`);
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log('usage: node scripts/rebuild-electron.mjs [--electron-version X.Y.Z] [--arch x64|arm64|ia32]\nbuilds better-sqlite3 for Electron into build-electron/better-sqlite3/');
    return 0;
  }
  const version = electronVersion(opts.electronVersion);
  const headersUrl = process.env.ELECTRON_HEADERS_URL || DEFAULT_HEADERS_URL;
  const nodeGyp = findNodeGyp();
  fs.mkdirSync(OUT_ROOT, { recursive: true });
  const sqliteVersion = copySources();

  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${version} (${opts.arch}); log: ${path.relative(process.cwd(), LOG)}`);
  const args = [nodeGyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', `--dist-url=${headersUrl}`, `--arch=${opts.arch}`, `--devdir=${DEV_DIR}`, `--jobs=${Number(process.env.JOBS) || Math.min(4, os.availableParallelism())}`];
  const r = spawnSync(process.execPath, args, { cwd: SRC_COPY, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.writeFileSync(LOG, `$ node ${args.join(' ')}\n\n${r.stdout ?? ''}\n${r.stderr ?? ''}\n${r.error ? String(r.error) : ''}`);
  if (r.error || r.status !== 0) fail(explainGypFailure(`${r.stdout}\n${r.stderr}`, version, headersUrl));

  const built = path.join(SRC_COPY, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(built)) fail(`node-gyp reported success but produced no ${path.relative(ROOT, built)}; see ${path.relative(process.cwd(), LOG)}`);
  const abi = nodeModuleVersion(version);
  if (abi === undefined) fail(`the Electron ${version} headers were not found in ${path.relative(ROOT, DEV_DIR)} after the build; see ${path.relative(process.cwd(), LOG)}`);
  if (String(abi) === process.versions.modules) fail(`the headers used report NODE_MODULE_VERSION ${abi}, the same as this Node; refusing a build that may be Node's ABI`);
  assertNotNodeAbi(built);

  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.copyFileSync(built, path.join(OUT_DIR, 'better_sqlite3.node'));
  const info = { better_sqlite3: sqliteVersion, electron: version, node_module_version: abi, platform: process.platform, arch: opts.arch, built_at: new Date().toISOString() };
  fs.writeFileSync(path.join(OUT_DIR, 'build-info.json'), JSON.stringify(info, null, 2) + '\n');
  console.log(`Done: ${path.relative(process.cwd(), path.join(OUT_DIR, 'better_sqlite3.node'))} (Electron ${version}, NODE_MODULE_VERSION ${abi}, ${process.platform}-${opts.arch})`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  const message = e instanceof Failure ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
  process.stderr.write(`rebuild:electron failed: ${message}\n`);
  process.exitCode = 1;
}
