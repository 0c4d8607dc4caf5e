// Runs one job of a GitHub Actions workflow on this machine the way the runner would, far enough for the
// modelfleet action: the workflow's steps, the composite action.yml they use (read from this repository),
// ${{ }} expressions with the github/inputs/steps/runner/env contexts and the status functions, `if:`
// conditions, bash steps with GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY.
//
// GitHub itself is unreachable here, so the few hosted actions the job uses are stand-ins, each doing
// what the real one does to this job:
//   actions/checkout       the workspace is already a clone of the pull request (made by the caller)
//   actions/setup-java     checks the JDK on the PATH is new enough; with `cache:` it fails as the real
//                          one does when the repository has no build file to key the cache on
//   actions/cache/restore  and actions/cache/save: a folder per key under the runner's cache store
// and the workflow's `permissions:` decide whether the (fake) gh may write.
//
// Usage: node run-action-locally.mjs --action-repo DIR --workflow FILE --job ID --workspace DIR
//          --runner DIR --cache-store DIR --event FILE --repository OWNER/NAME
//          [--input NAME=VALUE]... [--result FILE]
// Exit status: 0 if the job succeeded, 1 if it failed, 2 if the run could not be set up.
import {
  appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const args = parseArgs(process.argv.slice(2));
const require = createRequire(join(resolve(process.env.NODE_PATH ?? "."), "noop.js"));
const yaml = require("js-yaml");

function parseArgs(argv) {
  const out = { input: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (key === "input") out.input.push(argv[i + 1]);
    else out[key] = argv[i + 1];
  }
  for (const required of ["action-repo", "workflow", "job", "workspace", "runner", "cache-store", "event", "repository"]) {
    if (!out[required]) setupError(`--${required} is missing`);
  }
  return out;
}

function setupError(message) {
  console.error(`run-action-locally: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- expressions

function tokenize(text) {
  const tokens = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|('(?:[^']|'')*')|(==|!=|<=|>=|&&|\|\||[!<>()[\].,*])|([A-Za-z_][A-Za-z0-9_-]*))/y;
  let match;
  while (re.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(re.lastIndex))) break;
    match = re.exec(text);
    if (!match) throw new Error(`cannot read expression '${text}' at ${re.lastIndex}`);
    if (match[1] !== undefined) tokens.push({ type: "value", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ type: "value", value: match[2].slice(1, -1).replace(/''/g, "'") });
    else if (match[3] !== undefined) tokens.push({ type: "op", value: match[3] });
    else {
      const word = match[4];
      if (word === "true" || word === "false") tokens.push({ type: "value", value: word === "true" });
      else if (word === "null") tokens.push({ type: "value", value: null });
      else tokens.push({ type: "name", value: word });
    }
  }
  return tokens;
}

function truthy(v) {
  return !(v === false || v === 0 || v === "" || v === null || v === undefined || Number.isNaN(v));
}

function toNumber(v) {
  if (v === null || v === undefined) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "string") return v.trim() === "" ? 0 : Number(v);
  return NaN;
}

// GitHub's loose equality: strings ignore case; different types compare as numbers.
function looseEquals(a, b) {
  a = a ?? null;
  b = b ?? null;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b && (typeof a !== "object" || a === null)) return a === b;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return a === b;
  return toNumber(a) === toNumber(b);
}

function evaluate(text, ctx) {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (op) => {
    const t = tokens[pos];
    if (op !== undefined && (!t || t.value !== op)) throw new Error(`expected '${op}' in '${text}'`);
    pos++;
    return t;
  };
  function or() {
    let left = and();
    while (peek()?.value === "||") { take(); const right = and(); left = truthy(left) ? left : right; }
    return left;
  }
  function and() {
    let left = comparison();
    while (peek()?.value === "&&") { take(); const right = comparison(); left = truthy(left) ? right : left; }
    return left;
  }
  function comparison() {
    let left = unary();
    const op = peek()?.value;
    if (["==", "!=", "<", ">", "<=", ">="].includes(op) && peek().type === "op") {
      take();
      const right = unary();
      if (op === "==") return looseEquals(left, right);
      if (op === "!=") return !looseEquals(left, right);
      const [a, b] = [toNumber(left), toNumber(right)];
      return op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : a >= b;
    }
    return left;
  }
  function unary() {
    if (peek()?.value === "!" && peek().type === "op") { take(); return !truthy(unary()); }
    return postfix();
  }
  function postfix() {
    let value = primary();
    for (;;) {
      const t = peek();
      if (t?.value === "." && t.type === "op") {
        take();
        const name = take();
        value = value == null ? null : value[lookupKey(value, name.value)] ?? null;
      } else if (t?.value === "[" && t.type === "op") {
        take();
        const key = or();
        take("]");
        value = value == null ? null : value[lookupKey(value, String(key))] ?? null;
      } else return value;
    }
  }
  function primary() {
    const t = take();
    if (!t) throw new Error(`unexpected end of '${text}'`);
    if (t.type === "value") return t.value;
    if (t.value === "(") { const v = or(); take(")"); return v; }
    if (t.type === "name") {
      if (peek()?.value === "(") {
        take("(");
        const callArgs = [];
        while (peek()?.value !== ")") { callArgs.push(or()); if (peek()?.value === ",") take(","); }
        take(")");
        return call(t.value, callArgs, ctx);
      }
      const context = ctx.contexts[t.value.toLowerCase()];
      if (context === undefined) throw new Error(`unknown context '${t.value}' in '${text}'`);
      return context;
    }
    throw new Error(`unexpected '${t.value}' in '${text}'`);
  }
  const value = or();
  if (pos !== tokens.length) throw new Error(`cannot read the end of '${text}'`);
  return value;
}

// Context keys are case-insensitive in GitHub's expressions.
function lookupKey(object, key) {
  if (typeof object !== "object") return key;
  if (key in object) return key;
  return Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}

function call(name, callArgs, ctx) {
  switch (name.toLowerCase()) {
    case "success": return !ctx.status.failed;
    case "failure": return ctx.status.failed;
    case "always": return true;
    case "cancelled": return false;
    case "contains": {
      const [hay, needle] = callArgs;
      if (Array.isArray(hay)) return hay.some((x) => looseEquals(x, needle));
      return String(hay ?? "").toLowerCase().includes(String(needle ?? "").toLowerCase());
    }
    case "startswith": return String(callArgs[0] ?? "").toLowerCase().startsWith(String(callArgs[1] ?? "").toLowerCase());
    case "endswith": return String(callArgs[0] ?? "").toLowerCase().endsWith(String(callArgs[1] ?? "").toLowerCase());
    case "format": return String(callArgs[0]).replace(/\{(\d+)\}/g, (_, i) => stringify(callArgs[Number(i) + 1]));
    case "tojson": return JSON.stringify(callArgs[0], null, 2);
    case "fromjson": return JSON.parse(callArgs[0]);
    default: throw new Error(`function ${name}() is not supported by the local runner`);
  }
}

function stringify(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Replaces every ${{ }} in a string; other values pass through. */
function interpolate(value, ctx) {
  if (typeof value !== "string") return value === undefined ? undefined : stringify(value);
  return value.replace(/\$\{\{(.*?)\}\}/gs, (_, expr) => stringify(evaluate(expr, ctx)));
}

/** An `if:`: with or without ${{ }}, wrapped in success() && (...) unless it calls a status function. */
function condition(text, ctx) {
  if (text === undefined || text === null) return !ctx.status.failed;
  let expr = String(text).trim();
  const whole = /^\$\{\{(.*)\}\}$/s.exec(expr);
  if (whole) expr = whole[1];
  if (!/\b(success|failure|always|cancelled)\s*\(/i.test(expr)) expr = `success() && (${expr})`;
  return truthy(evaluate(expr, ctx));
}

// ---------------------------------------------------------------- the job

const actionRepo = resolve(args["action-repo"]);
const workspace = resolve(args.workspace);
const runnerDir = resolve(args.runner);
const cacheStore = resolve(args["cache-store"]);
const workflow = yaml.load(readFileSync(args.workflow, "utf8"));
const job = workflow.jobs?.[args.job] ?? setupError(`the workflow has no job '${args.job}'`);
const event = JSON.parse(readFileSync(args.event, "utf8"));
const overrides = Object.fromEntries(args.input.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));

for (const dir of ["temp", "tool_cache"]) mkdirSync(join(runnerDir, dir), { recursive: true });
mkdirSync(cacheStore, { recursive: true });
const jobSummary = join(runnerDir, "step-summary.md");
writeFileSync(jobSummary, "");

const permissions = job.permissions ?? workflow.permissions ?? {};
const canWritePullRequests = permissions === "write-all" || permissions["pull-requests"] === "write";

const github = {
  event_name: "pull_request",
  event,
  repository: args.repository,
  repository_owner: args.repository.split("/")[0],
  base_ref: event.pull_request?.base?.ref ?? "",
  head_ref: event.pull_request?.head?.ref ?? "",
  workspace,
  token: "local-run-token",
  server_url: "https://github.com",
  action_path: "",
  action_repository: "",
  job: args.job,
};
const runner = { os: "Linux", arch: "X64", temp: join(runnerDir, "temp"), tool_cache: join(runnerDir, "tool_cache") };
const jobEnv = {};        // GITHUB_ENV
const addedPaths = [];    // GITHUB_PATH
const results = [];       // every step: scope, name, outcome
let stepCounter = 0;

function baseEnv(extra) {
  const env = { ...process.env };
  delete env.NODE_PATH;
  Object.assign(env, {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_EVENT_NAME: github.event_name,
    GITHUB_BASE_REF: github.base_ref,
    GITHUB_HEAD_REF: github.head_ref,
    GITHUB_SERVER_URL: github.server_url,
    RUNNER_OS: runner.os,
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.tool_cache,
    ...jobEnv,
    ...extra,
  });
  env.PATH = [...addedPaths].reverse().concat(env.PATH ?? "").join(":");
  return env;
}

function readKeyValues(file) {
  const out = {};
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const value = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join("\n");
    } else if (lines[i].includes("=")) {
      out[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
    }
  }
  return out;
}

/** A `run:` step in bash, as the runner runs `shell: bash`. Returns {ok, outputs}. */
function runScript(script, env, actionPath) {
  const dir = mkdtempSync(join(runner.temp, "step-"));
  const files = { script: join(dir, "script.sh"), output: join(dir, "output"), env: join(dir, "env"), path: join(dir, "path") };
  writeFileSync(files.script, script);
  for (const f of [files.output, files.env, files.path]) writeFileSync(f, "");
  const stepSummary = join(dir, "summary.md");
  writeFileSync(stepSummary, "");
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", files.script], {
    cwd: workspace,
    stdio: "inherit",
    env: baseEnv({
      ...env,
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: stepSummary,
      ...(actionPath ? { GITHUB_ACTION_PATH: actionPath } : {}),
    }),
  });
  Object.assign(jobEnv, readKeyValues(files.env));
  for (const line of readFileSync(files.path, "utf8").split("\n")) if (line.trim()) addedPaths.push(line.trim());
  appendFileSync(jobSummary, readFileSync(stepSummary, "utf8"));
  return { ok: run.status === 0, outputs: readKeyValues(files.output) };
}

function evaluatedMap(map, ctx) {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
}

/** A cached folder, as hard links where possible: 300 MB of jars are not copied twice per run. */
function copyTree(from, to) {
  mkdirSync(join(to, ".."), { recursive: true });
  if (spawnSync("cp", ["-al", from, to]).status !== 0) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, preserveTimestamps: true });
  }
}

/** Hosted actions the job uses, done locally (see the header). Returns {ok, outputs}. */
function standIn(uses, inputs) {
  const name = uses.replace(/@.*$/, "");
  switch (name) {
    case "actions/checkout":
      console.log(`(stand-in) ${workspace} is a clone of the pull request; fetch-depth: ${inputs["fetch-depth"] ?? "1"}`);
      return { ok: true, outputs: {} };
    case "actions/setup-java": {
      if (inputs.cache) {
        // The real action keys its cache on the build files and fails where there are none.
        const pattern = { maven: "pom.xml", gradle: "build.gradle", sbt: "build.sbt" }[inputs.cache] ?? inputs.cache;
        const found = spawnSync("git", ["ls-files", `*${pattern}`, pattern], { cwd: workspace, encoding: "utf8" }).stdout.trim();
        if (!found) {
          console.log(`::error::No file in ${workspace} matched to [**/${pattern}], make sure you have checked out the target repository`);
          return { ok: false, outputs: {} };
        }
      }
      const version = spawnSync("java", ["-XshowSettings:properties", "-version"], { encoding: "utf8", env: baseEnv({}) });
      const major = Number(/java\.specification\.version = (\d+)/.exec(version.stderr)?.[1] ?? 0);
      if (major < Number(inputs["java-version"] ?? 0)) {
        console.log(`::error::(stand-in) the JDK on the PATH is ${major}, the step asks for ${inputs["java-version"]}`);
        return { ok: false, outputs: {} };
      }
      console.log(`(stand-in) Java ${major} on the PATH (asked: ${inputs.distribution} ${inputs["java-version"]})`);
      return { ok: true, outputs: { version: String(major) } };
    }
    case "actions/cache/restore": {
      const stored = join(cacheStore, encodeURIComponent(inputs.key));
      if (existsSync(stored)) {
        rmSync(inputs.path, { recursive: true, force: true });
        copyTree(stored, inputs.path);
        console.log(`(stand-in) cache restored from key: ${inputs.key}`);
        return { ok: true, outputs: { "cache-hit": "true", "cache-primary-key": inputs.key, "cache-matched-key": inputs.key } };
      }
      console.log(`(stand-in) cache not found for key: ${inputs.key}`);
      return { ok: true, outputs: { "cache-hit": "false", "cache-primary-key": inputs.key } };
    }
    case "actions/cache/save": {
      const stored = join(cacheStore, encodeURIComponent(inputs.key));
      if (existsSync(stored)) {
        console.log(`::warning::Failed to save: Unable to reserve cache with key ${inputs.key}, another job may be creating this cache.`);
      } else if (!existsSync(inputs.path)) {
        console.log(`::warning::Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.`);
      } else {
        copyTree(inputs.path, stored);
        console.log(`(stand-in) cache saved with key: ${inputs.key}`);
      }
      return { ok: true, outputs: {} };
    }
    default:
      return null;
  }
}

/** The composite action in --action-repo, with the `with:` of the workflow step (and --input overrides). */
function runComposite(uses, withValues, outerCtx) {
  const action = yaml.load(readFileSync(join(actionRepo, "action.yml"), "utf8"));
  if (action.runs?.using !== "composite") throw new Error(`${uses} is not a composite action`);
  const declared = action.inputs ?? {};
  const given = { ...withValues, ...overrides };
  const unknown = Object.keys(given).filter((k) => !(k in declared));
  if (unknown.length) {
    // The runner only warns ("Unexpected input(s)"); a typo here would silently use a default, so fail.
    console.log(`::error::Unexpected input(s) '${unknown.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`);
    return { ok: false, outputs: {} };
  }
  const steps = {};
  const ctx = {
    status: { failed: false },
    contexts: { github: { ...github, action_path: actionRepo }, runner, steps, env: { ...jobEnv }, inputs: {} },
  };
  for (const [name, input] of Object.entries(declared)) {
    if (name in given) ctx.contexts.inputs[name] = given[name];
    else if (input.required) {
      console.log(`::error::Input required and not supplied: ${name}`);
      return { ok: false, outputs: {} };
    } else ctx.contexts.inputs[name] = interpolate(input.default ?? "", { ...ctx, contexts: { ...outerCtx.contexts, ...ctx.contexts } });
  }
  for (const step of action.runs.steps) {
    runStep(step, ctx, "action", actionRepo);
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, o]) => [k, interpolate(o.value, ctx)]));
  return { ok: !ctx.status.failed, outputs };
}

function runStep(step, ctx, scope, actionPath) {
  const label = step.name ?? step.uses ?? `step ${stepCounter + 1}`;
  stepCounter++;
  const record = { scope, name: label, id: step.id ?? null };
  results.push(record);
  let run = false;
  try {
    run = condition(step.if, ctx);
  } catch (e) {
    console.log(`::error::${label}: ${e.message}`);
    ctx.status.failed = true;
    record.outcome = "failure";
    return;
  }
  if (!run) {
    record.outcome = "skipped";
    console.log(`\n--- [${scope}] ${label}: skipped`);
    if (step.id) ctx.contexts.steps[step.id] = { outputs: {}, outcome: "skipped", conclusion: "skipped" };
    return;
  }
  console.log(`\n--- [${scope}] ${label}`);
  let result;
  try {
    if (step.run !== undefined) {
      if (scope === "action" && step.shell !== "bash") throw new Error(`composite steps need 'shell: bash' (has '${step.shell}')`);
      const env = evaluatedMap({ ...workflow.env, ...job.env, ...step.env }, ctx);
      result = runScript(interpolate(step.run, ctx), env, actionPath);
    } else if (step.uses) {
      const inputs = evaluatedMap(step.with, ctx);
      result = standIn(step.uses, inputs);
      if (result === null) {
        if (step.uses === "./" || /\/modelfleet@/.test(step.uses)) result = runComposite(step.uses, inputs, ctx);
        else throw new Error(`'${step.uses}' is not supported by the local runner`);
      }
    } else {
      throw new Error("a step needs run or uses");
    }
  } catch (e) {
    console.log(`::error::${label}: ${e.message}`);
    result = { ok: false, outputs: {} };
  }
  record.outcome = result.ok ? "success" : "failure";
  if (!result.ok) ctx.status.failed = true;
  if (step.id) ctx.contexts.steps[step.id] = { outputs: result.outputs, outcome: record.outcome, conclusion: record.outcome };
}

// Would the workflow run at all? Its pull_request paths filter against the files the change touches.
const paths = workflow.on?.pull_request?.paths;
if (paths) {
  const base = `origin/${github.base_ref}`;
  const changed = spawnSync("git", ["diff", "--name-only", `${base}...HEAD`], { cwd: workspace, encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  const globToRegex = (glob) => new RegExp("^" + glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*") + "$");
  if (!changed.some((file) => paths.some((glob) => globToRegex(glob).test(file)))) {
    console.log(`the workflow would not run: none of ${changed.join(", ")} matches paths ${paths.join(", ")}`);
    writeResult("not-triggered");
    process.exit(1);
  }
}
if (!canWritePullRequests) process.env.FAKE_GH_READ_ONLY = "1";

const jobCtx = { status: { failed: false }, contexts: { github, runner, steps: {}, env: { ...jobEnv }, inputs: {}, secrets: { GITHUB_TOKEN: github.token } } };
for (const step of job.steps) runStep(step, jobCtx, "workflow", null);

const conclusion = jobCtx.status.failed ? "failure" : "success";
console.log(`\njob ${args.job}: ${conclusion}`);
for (const r of results) console.log(`  ${r.outcome.padEnd(8)} [${r.scope}] ${r.name}`);
writeResult(conclusion);
process.exit(jobCtx.status.failed ? 1 : 0);

function writeResult(conclusion) {
  if (args.result) {
    writeFileSync(args.result, JSON.stringify({ conclusion, steps: results, summary: readFileSync(jobSummary, "utf8") }, null, 2));
  }
}
