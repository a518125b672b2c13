// docgen's peers for bench/peers/run.py: docxtemplater and Carbone, driven over JSON lines.
//
//   node peers.js serve           one request per line on stdin, one answer per line on stdout
//   node peers.js cold ENGINE TEMPLATE CONTEXT.json OUT.docx
//                                 a fresh process's first document: prints {"ms", "cpu_ms"}, the
//                                 time from before loading the engine to the document's bytes
//
// Requests: {"op": "load", "engine", "name", "template", "contexts"} reads a ported template
// and its contexts (a JSON file of a list); {"op": "render", "engine", "name", "index", "out"}
// writes one document; {"op": "time", "engine", "name", "start", "count"} renders `count`
// contexts from `start` on once and answers wall and CPU seconds per document; {"op": "convert", "jobs":
// [[src, dst], ...]} converts DOCX to PDF with Carbone's converter (LibreOffice) and answers
// seconds per file.
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");

// dotted names for docxtemplater's default parser, as its documentation's custom parser does
function dotted(tag) {
  const parts = tag === "." ? [] : tag.split(".");
  return {
    get(scope) {
      let value = scope;
      for (const part of parts) {
        if (value === null || value === undefined) return undefined;
        value = value[part];
      }
      return value;
    },
  };
}

function docxtemplater() {
  const PizZip = require("pizzip");
  const Docxtemplater = require("docxtemplater");
  return (template, data) => {
    const doc = new Docxtemplater(new PizZip(template.bytes), {
      paragraphLoop: true, linebreaks: true, parser: dotted,
    });
    doc.render(data);
    return Promise.resolve(doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
  };
}

function carbone() {
  const engine = require("carbone");
  return (template, data) => new Promise((resolve, reject) => {
    engine.render(template.path, data, {}, (err, result) => (err ? reject(new Error(err)) : resolve(result)));
  });
}

const ENGINES = { docxtemplater, carbone };
const renderers = {};
const templates = {};

function renderer(name) {
  if (!ENGINES[name]) throw new Error(`no engine ${name}`);
  renderers[name] = renderers[name] || ENGINES[name]();
  return renderers[name];
}

function seconds(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function handle(request) {
  const key = `${request.engine}/${request.name}`;
  switch (request.op) {
    case "load": {
      renderer(request.engine);
      templates[key] = {
        path: path.resolve(request.template),
        bytes: fs.readFileSync(request.template),
        contexts: JSON.parse(fs.readFileSync(request.contexts, "utf8")),
      };
      return { ok: true };
    }
    case "render": {
      const template = templates[key];
      const data = await renderer(request.engine)(template, template.contexts[request.index]);
      fs.writeFileSync(request.out, data);
      return { ok: true };
    }
    case "time": {
      const template = templates[key];
      const render = renderer(request.engine);
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const first = request.start || 0;
      const contexts = template.contexts.slice(first, first + request.count);
      for (const context of contexts) await render(template, context);
      const wall = seconds(start);
      const used = process.cpuUsage(cpu);
      const n = contexts.length;
      return { ok: true, wall: wall / n, cpu: (used.user + used.system) / 1e6 / n };
    }
    case "convert": {
      const engine = require("carbone");
      const convert = (src, dst) => new Promise((resolve, reject) => {
        engine.convert(fs.readFileSync(src), { convertTo: "pdf", extension: "docx" }, (err, pdf) => {
          if (err) return reject(new Error(err));
          fs.writeFileSync(dst, pdf);
          return resolve();
        });
      });
      const start = process.hrtime.bigint();
      for (const [src, dst] of request.jobs) await convert(src, dst);
      return { ok: true, wall: seconds(start) / Math.max(1, request.jobs.length) };
    }
    default:
      throw new Error(`no op ${request.op}`);
  }
}

async function serve() {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let answer;
    try {
      answer = await handle(JSON.parse(line));
    } catch (err) {
      answer = { ok: false, error: String(err && err.stack ? err.stack : err) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  process.exit(0); // Carbone's LibreOffice factory would keep the process alive
}

async function cold(engine, template, context, out) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const render = renderer(engine);
  const data = JSON.parse(fs.readFileSync(context, "utf8"));
  const bytes = await render({ path: path.resolve(template), bytes: fs.readFileSync(template) }, data);
  const ms = seconds(start) * 1000;
  const used = process.cpuUsage(cpu);
  fs.writeFileSync(out, bytes);
  process.stdout.write(`${JSON.stringify({ ms, cpu_ms: (used.user + used.system) / 1000 })}\n`);
  process.exit(0);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "serve") serve();
else if (mode === "cold" && args.length === 4) cold(...args);
else {
  process.stderr.write("usage: node peers.js serve | cold ENGINE TEMPLATE CONTEXT.json OUT.docx\n");
  process.exit(2);
}
