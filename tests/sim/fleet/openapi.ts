/**
 * @module Contract checking of recorded Fleet exchanges against the bundled Kibana OpenAPI extract
 * (data/fleet-openapi.json) with ajv — request query/body and response body per operation and status.
 *
 * Known, documented deviations of the extract from real Kibana, patched IN MEMORY (never in the file):
 * 1. Generic error `required: ["message","attributes"]` → `attributes` optional: Kibana's `schema.any()` is
 *    emitted as required, but real error bodies have no `attributes` (verbatim bodies, fleet.md §1.0).
 * 2. Dry-run `diff[1].errors[].message` typed string → string | string[]: real responses carry arrays
 *    (`getFlattenedObject` keeps arrays; verbatim list in fleet.md §1.6, kibana PR #116093).
 * 3. Legacy var entries `{type, value, frozen}` `required: ["value"]` → optional: Kibana serializes
 *    `value: undefined` (a var without default) by omitting it.
 * 4. `package_policy` (list/get/create responses) only has the simplified inputs-as-map variant after the
 *    Terraform transform (README); responses in the default legacy format are checked against the legacy
 *    PackagePolicy variant the extract keeps in the dry run's `diff` (anyOf[0]).
 * 5. Content types were normalized upstream: the upload's 200 is declared `application/gzip`; bodies are JSON.
 */
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import type { RecordedExchange } from "./index";

type Json = Record<string, unknown>;

interface Operation {
  template: string;
  method: string;
  op: Json;
  pointer: string;
}

const DRYRUN_POINTER = "/paths/~1api~1fleet~1package_policies~1upgrade~1dryrun/post/responses/200/content/application~1json/schema";
const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function patch(doc: Json): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Json;
    if (o.nullable === true && !("type" in o)) {
      // OpenAPI 3.0 `nullable` beside anyOf/enum (no `type`): the same meaning as "or null", which ajv spells out
      const { nullable: _n, ...inner } = o;
      for (const k of Object.keys(o)) delete o[k];
      o.anyOf = [Array.isArray(inner.enum) && inner.enum.length === 0 ? { not: {} } : inner, { type: "null" }];
      walk(inner);
      return;
    }
    const props = o.properties as Json | undefined;
    const req = o.required as string[] | undefined;
    if (props && req) {
      const keys = Object.keys(props).sort().join(",");
      if (keys === "attributes,error,errorType,message,statusCode") o.required = req.filter((r) => r !== "attributes"); // (1)
      if (keys === "frozen,type,value") delete o.required; // (3)
    }
    Object.values(o).forEach(walk);
  };
  walk(doc);
  // (2)
  const dry = ((((doc.paths as Json)["/api/fleet/package_policies/upgrade/dryrun"] as Json).post as Json).responses as Json)["200"] as Json;
  const item = ((((dry.content as Json)["application/json"] as Json).schema as Json).items as Json).properties as Json;
  const proposed = (((item.diff as Json).items as Json).anyOf as Json[])[1];
  const errItem = ((proposed.properties as Json).errors as Json).items as Json;
  (errItem.properties as Json).message = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] };
}

export class FleetContract {
  readonly doc: Json;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly ops: Operation[] = [];

  constructor() {
    this.doc = JSON.parse(fs.readFileSync(path.join(__dirname, "data", "fleet-openapi.json"), "utf8")) as Json;
    patch(this.doc);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
    this.ajv.addSchema(this.doc, "fleet");
    for (const [template, item] of Object.entries(this.doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        this.ops.push({ template, method: method.toUpperCase(), op: op as Json, pointer: `/paths/${esc(template)}/${method}` });
      }
    }
  }

  /** The operation for a concrete path: literal segments beat parameters (`/_bulk_upgrade` before `/{pkgName}`). */
  operation(method: string, apiPath: string): Operation | undefined {
    const segs = apiPath.split("/");
    let best: { op: Operation; score: number } | undefined;
    for (const op of this.ops) {
      if (op.method !== method) continue;
      const t = op.template.split("/");
      // an optional trailing {pkgVersion} (required: false in the extract) may be absent
      const optionalTail = t[t.length - 1] === "{pkgVersion}" && t.length === segs.length + 1;
      const tt = optionalTail ? t.slice(0, -1) : t;
      if (tt.length !== segs.length) continue;
      let score = 0;
      let ok = true;
      tt.forEach((s, i) => {
        if (s.startsWith("{")) return;
        if (s === segs[i]) score++;
        else ok = false;
      });
      if (ok && (!best || score > best.score)) best = { op, score };
    }
    return best?.op;
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.cache.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `fleet#${pointer}` });
      this.cache.set(pointer, v);
    }
    return v;
  }

  private errors(v: ValidateFunction, data: unknown, where: string): string[] {
    return v(data) ? [] : (v.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
  }

  /** Validates one exchange; returns human-readable problems (empty when it conforms). */
  check(ex: RecordedExchange): string[] {
    const op = this.operation(ex.method, ex.apiPath);
    if (!op) return [`${ex.method} ${ex.apiPath}: no such operation in the OpenAPI extract`];
    const where = `${ex.method} ${op.template}`;
    const problems: string[] = [];
    // request: query parameters (typed from their strings), then body
    const params = (op.op.parameters as Json[] | undefined) ?? [];
    for (const [name, raw] of Object.entries(ex.query)) {
      const i = params.findIndex((p) => p.in === "query" && p.name === name);
      if (i < 0) {
        problems.push(`${where}: undocumented query parameter ${name}`);
        continue;
      }
      const schema = params[i].schema as Json;
      const value = schema.type === "boolean" ? (raw === "true" ? true : raw === "false" ? false : raw) : schema.type === "number" ? Number(raw) : raw;
      problems.push(...this.errors(this.validator(`${op.pointer}/parameters/${i}/schema`), value, `${where} query.${name}`));
    }
    const rb = op.op.requestBody as Json | undefined;
    if (rb && ex.requestBody !== undefined) {
      const ct = Object.keys(rb.content as Json)[0];
      problems.push(...this.errors(this.validator(`${op.pointer}/requestBody/content/${esc(ct)}/schema`), ex.requestBody, `${where} request`));
    }
    // response
    const responses = op.op.responses as Json;
    const code = String(ex.status) in responses ? String(ex.status) : ex.status >= 400 && "400" in responses ? "400" : undefined;
    if (!code) return [...problems, `${where}: status ${ex.status} is not documented`];
    const content = (responses[code] as Json).content as Json | undefined;
    if (!content) return problems;
    const ct = Object.keys(content)[0]; // (5)
    let pointer = `${op.pointer}/responses/${code}/content/${esc(ct)}/schema`;
    const legacy = ex.query.format !== "simplified";
    if (code === "200" && legacy && /^\/api\/fleet\/package_policies(\/[^/]+)?$/.test(ex.apiPath) && !/upgrade/.test(ex.apiPath)) {
      // (4) legacy-format package policies
      const legacyItem = `${DRYRUN_POINTER}/items/properties/diff/items/anyOf/0`;
      const body = ex.responseBody as Json;
      if (Array.isArray(body.items)) {
        const { items, ...envelope } = body;
        problems.push(...this.errors(this.validator(pointer), { ...envelope, items: [] }, `${where} response`));
        (items as unknown[]).forEach((it, i) => problems.push(...this.errors(this.validator(legacyItem), it, `${where} response.items[${i}]`)));
        return problems;
      }
      pointer = legacyItem;
      return [...problems, ...this.errors(this.validator(pointer), body.item, `${where} response.item`)];
    }
    if (ct.includes("json") || ct.includes("gzip")) problems.push(...this.errors(this.validator(pointer), ex.responseBody, `${where} response`));
    return problems;
  }
}
