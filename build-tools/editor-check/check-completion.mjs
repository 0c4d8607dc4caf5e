// Shows that the registry's schema association works in an editor: starts the real yaml-language-server
// (the engine of VS Code's YAML extension and of other editors' YAML support) over stdio, opens model
// entries whose first line is the modeline the examples carry, and asks what an editor asks:
// completion at the value of `tier:`, `surface:` and `funnel_stage:` and at a new key, hover on a key,
// and diagnostics of a valid and of a broken entry. Exits 0 when every answer is as the schema says,
// 1 with the differences otherwise, 2 when the server cannot be run.
//
// Usage: node check-completion.mjs   (after `npm ci` in this folder)

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.resolve(here, '..', '..');
const schemaFolder = path.join(repository, 'schemas/src/main/resources/modelfleet/schemas');
const modelSchema = JSON.parse(readFileSync(path.join(schemaFolder, 'model.schema.json'), 'utf8'));
const example = path.join(repository, 'examples/registry/models/feed_ranking/ig_feed_mtml_lsr_v3.yaml');
const exampleText = readFileSync(example, 'utf8');
const TIMEOUT_MS = 30000;

const serverMain = path.join(here, 'node_modules/yaml-language-server/bin/yaml-language-server');
const server = spawn(process.execPath, [serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let serverErrors = '';
server.stderr.on('data', (chunk) => (serverErrors += chunk));
server.on('error', (e) => fail(2, `cannot start yaml-language-server (${serverMain}): ${e.message}; run npm ci in ${here}`));
const timer = setTimeout(
  () => fail(2, `yaml-language-server did not answer within ${TIMEOUT_MS / 1000} s${serverErrors ? ':\n' + serverErrors : ''}`),
  TIMEOUT_MS,
);

// ---- JSON-RPC over stdio, as LSP frames it: "Content-Length: N\r\n\r\n" and N bytes of JSON.
let nextId = 1;
const pending = new Map();
const diagnostics = new Map(); // uri -> {resolve, promise}
let buffer = Buffer.alloc(0);

server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.subarray(headerEnd + 4 + length);
    receive(message);
  }
});

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}

function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}

const notify = (method, params) => send({ method, params });

const settings = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    // Only the modeline decides: no catalogue download, no other association.
    schemaStore: { enable: false },
    schemas: {},
  },
};

function receive(message) {
  if (message.id !== undefined && message.method === undefined) {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
    else waiter.resolve(message.result);
  } else if (message.id !== undefined) {
    // A request from the server: answer what an editor answers.
    const result =
      message.method === 'workspace/configuration'
        ? message.params.items.map((item) => (item.section ? settings[item.section] ?? null : settings))
        : null;
    send({ id: message.id, result });
  } else if (message.method === 'textDocument/publishDiagnostics') {
    diagnosticsFor(message.params.uri).resolve(message.params.diagnostics);
  }
}

function diagnosticsFor(uri) {
  if (!diagnostics.has(uri)) {
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    diagnostics.set(uri, { resolve, promise });
  }
  return diagnostics.get(uri);
}

// ---- the checks
const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

function fail(code, message) {
  console.error(message);
  server.kill();
  process.exit(code);
}

let version = 1;
function open(relativeName, text) {
  const uri = pathToFileURL(path.join(path.dirname(example), relativeName)).href;
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: version++, text } });
  return uri;
}

/** Line (0-based) of the first line starting with `prefix`, and the column at its end. */
function endOf(text, prefix) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith(prefix));
  if (line < 0) throw new Error(`no line starting with '${prefix}'`);
  return { line, character: lines[line].length };
}

async function labelsAt(uri, position) {
  const result = await request('textDocument/completion', { textDocument: { uri }, position });
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

function includesAll(labels, expected) {
  return expected.every((e) => labels.includes(e));
}

async function main() {
  await request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(repository).href,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['plaintext'] } },
        hover: { contentFormat: ['plaintext'] },
        publishDiagnostics: {},
      },
    },
  });
  notify('initialized', {});
  notify('workspace/didChangeConfiguration', { settings });

  check(exampleText.startsWith('# yaml-language-server: $schema=../../../../schemas/'), 'the example starts with the modeline');

  // A model entry as someone writes it: values of tier, surface and funnel_stage not typed yet, slo not added.
  const draft =
    exampleText
      .replace(/^slo:[\s\S]*$/m, '')
      .replace(/^tier: .*$/m, 'tier: ')
      .replace(/^surface: .*$/m, 'surface: ')
      .replace(/^funnel_stage: .*$/m, 'funnel_stage: ')
      .trimEnd() + '\n\n';
  const draftUri = open('editor_check_draft.yaml', draft);
  const expected = {
    'tier: ': ['TIER0', 'TIER1', 'TIER2', 'TIER3', 'TIER4'],
    'surface: ': modelSchema.properties.surface.enum,
    'funnel_stage: ': modelSchema.properties.funnel_stage.enum,
  };
  check(expected['surface: '].includes('stories_tray') && expected['funnel_stage: '].includes('esr'), 'the schema has the enums checked below');
  for (const [key, values] of Object.entries(expected)) {
    const labels = await labelsAt(draftUri, endOf(draft, key));
    check(includesAll(labels, values), `completion at '${key}' offers ${values.join(', ')} (got: ${labels.join(', ')})`);
  }
  const lastLine = draft.split('\n').length - 1;
  const keys = await labelsAt(draftUri, { line: lastLine, character: 0 });
  check(keys.includes('slo'), `completion at a new top-level key offers 'slo' (got: ${keys.join(', ')})`);
  check(!keys.includes('tier'), `completion at a new key leaves out keys already written ('tier')`);

  const hover = await request('textDocument/hover', { textDocument: { uri: draftUri }, position: { line: endOf(draft, 'tier: ').line, character: 1 } });
  const hoverText = JSON.stringify(hover?.contents ?? '');
  check(hoverText.includes('Criticality, TIER0'), `hover on 'tier' shows its description (got: ${hoverText.slice(0, 120)})`);

  // Validation through the same association: the real example is clean, a wrong tier is flagged.
  const validUri = open('editor_check_valid.yaml', exampleText);
  const valid = await diagnosticsFor(validUri).promise;
  check(valid.length === 0, `the example entry has no diagnostics (got: ${valid.map((d) => d.message).join('; ')})`);
  const brokenUri = open('editor_check_broken.yaml', exampleText.replace(/^tier: .*$/m, 'tier: TIER9'));
  const broken = await diagnosticsFor(brokenUri).promise;
  check(
    broken.some((d) => d.range.start.line === endOf(exampleText, 'tier: ').line && /TIER0/.test(d.message)),
    `'tier: TIER9' is flagged on its line with the allowed values (got: ${broken.map((d) => d.message).join('; ')})`,
  );

  clearTimeout(timer);
  await request('shutdown', null);
  notify('exit', null);
  if (failures.length > 0) {
    console.error(`${failures.length} editor check(s) failed`);
    process.exit(1);
  }
  console.log('yaml-language-server completes and checks model entries through the modeline');
  process.exit(0);
}

main().catch((e) => fail(2, `editor check could not run: ${e.stack ?? e}${serverErrors ? '\n' + serverErrors : ''}`));
