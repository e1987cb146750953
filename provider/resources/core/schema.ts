// The Pulumi package schema served by GetSchema, derived from the same zod schemas the resources validate with
// (z.toJSONSchema → Pulumi schema types). Nested objects become named types `upgrades:index:<Type><Path>`.
import { z } from "zod";
import { CONFIG_KEYS, SETTINGS, providerConfigSchema } from "../../config";
import type { AnyResourceHandler } from "./types";
import { PACKAGE_NAME, pluginToken } from "./types";
import { parsePath } from "./values";

type Json = Record<string, unknown>;

export interface PulumiPropertySpec {
  type?: string;
  $ref?: string;
  items?: PulumiPropertySpec;
  additionalProperties?: PulumiPropertySpec;
  description?: string;
  secret?: boolean;
  default?: unknown;
  replaceOnChanges?: boolean;
  willReplaceOnChanges?: boolean;
}

export interface PulumiObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PulumiPropertySpec>;
  required?: string[];
}

export interface PulumiPackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  license: string;
  repository?: string;
  keywords: string[];
  config: { variables: Record<string, PulumiPropertySpec>; defaults?: string[] };
  provider: { description: string; type: "object"; inputProperties: Record<string, PulumiPropertySpec> };
  types: Record<string, PulumiObjectTypeSpec>;
  resources: Record<
    string,
    {
      description: string;
      inputProperties: Record<string, PulumiPropertySpec>;
      requiredInputs: string[];
      properties: Record<string, PulumiPropertySpec>;
      required: string[];
      type: "object";
    }
  >;
  language: Record<string, Json>;
}

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _a, c: string) => c.toUpperCase());

class Converter {
  readonly types: Record<string, PulumiObjectTypeSpec> = {};
  constructor(private readonly root: Json) {}

  private deref(s: Json): Json {
    const ref = s.$ref;
    if (typeof ref === "string" && ref.startsWith("#/")) {
      let cur: unknown = this.root;
      for (const seg of ref.slice(2).split("/")) cur = (cur as Json | undefined)?.[seg];
      if (cur && typeof cur === "object") return { ...(cur as Json), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== "$ref")) };
    }
    return s;
  }

  /** Convert one JSON-schema node; `typeName` names a nested object type if one is needed. */
  property(node: unknown, typeName: string, secretPaths: string[][], path: string[]): PulumiPropertySpec {
    let s = this.deref((node ?? {}) as Json);
    const description = typeof s.description === "string" ? s.description : undefined;
    const secret = secretPaths.some((p) => p.length === path.length && p.every((seg, i) => seg === path[i]));
    const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
    if (Array.isArray(alts)) {
      const nonNull = alts.map((a) => this.deref(a)).filter((a) => a.type !== "null");
      if (nonNull.length === 1) s = { ...nonNull[0], description: description ?? nonNull[0].description };
      else {
        const kinds = new Set(nonNull.map((a) => a.type));
        s = kinds.size === 1 && typeof nonNull[0].type === "string" && nonNull[0].type !== "object" ? { type: nonNull[0].type, description } : { description };
      }
    }
    const out: PulumiPropertySpec = {};
    const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== "null") : s.type;
    switch (type) {
      case "string":
      case "integer":
      case "number":
      case "boolean":
        out.type = type;
        if (s.default !== undefined && typeof s.default !== "object") out.default = s.default;
        break;
      case "array":
        out.type = "array";
        out.items = this.property(s.items, `${typeName}Item`, secretPaths, [...path, "*"]);
        break;
      case "object": {
        const props = s.properties as Json | undefined;
        if (props && Object.keys(props).length) {
          const token = pluginToken(typeName);
          const spec: PulumiObjectTypeSpec = { type: "object", properties: {} };
          if (typeof s.description === "string") spec.description = s.description;
          for (const [k, v] of Object.entries(props)) spec.properties[k] = this.property(v, `${typeName}${pascal(k)}`, secretPaths, [...path, k]);
          const req = Array.isArray(s.required) ? (s.required as string[]) : [];
          if (req.length) spec.required = req;
          this.types[token] = spec;
          out.$ref = `#/types/${token}`;
        } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
          out.type = "object";
          out.additionalProperties = this.property(s.additionalProperties, `${typeName}Value`, secretPaths, [...path, "*"]);
        } else {
          out.$ref = "pulumi.json#/Any";
        }
        break;
      }
      default:
        if (Array.isArray(s.enum) && s.enum.every((e) => typeof e === "string")) out.type = "string";
        else out.$ref = "pulumi.json#/Any";
    }
    if (Array.isArray(s.enum) && s.enum.length && description === undefined) out.description = `One of: ${(s.enum as unknown[]).map(String).join(", ")}.`;
    if (description !== undefined) out.description = Array.isArray(s.enum) && s.enum.length ? `${description} One of: ${(s.enum as unknown[]).map(String).join(", ")}.` : description;
    if (secret) out.secret = true;
    return out;
  }

  objectProps(s: Json, typePrefix: string, secretPaths: string[][]) {
    const root = this.deref(s);
    const props: Record<string, PulumiPropertySpec> = {};
    for (const [k, v] of Object.entries((root.properties ?? {}) as Json)) props[k] = this.property(v, `${typePrefix}${pascal(k)}`, secretPaths, [k]);
    return { props, required: Array.isArray(root.required) ? (root.required as string[]) : [] };
  }
}

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  return z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
}

/** Secret paths as segment lists, array indices generalised to "*". */
const normSecretPaths = (paths: readonly string[]) => paths.map((p) => parsePath(p).map((seg) => (typeof seg === "number" ? "*" : seg)));

export function buildPackageSchema(handlers: readonly AnyResourceHandler[], version: string): PulumiPackageSchema {
  const schema: PulumiPackageSchema = {
    name: PACKAGE_NAME,
    displayName: "Upgrades",
    version,
    description: "Declarative, previewable, resumable version upgrades for Elastic Stack, Kibana Fleet integrations and Redis Enterprise.",
    license: "Apache-2.0",
    keywords: ["pulumi", "upgrades", "elasticsearch", "kibana", "fleet", "redis", "category/utility", "kind/native"],
    config: { variables: {} },
    provider: { description: "The upgrades provider. Settings here apply to every resource that does not set its own connection inputs.", type: "object", inputProperties: {} },
    types: {},
    resources: {},
    language: {
      nodejs: { packageName: "@pulumi-upgrades/sdk", respectSchemaVersion: true },
      python: { packageName: "pulumi_upgrades", respectSchemaVersion: true },
      go: { importBasePath: "github.com/pulumi-upgrades/sdk/go/upgrades", respectSchemaVersion: true },
      csharp: { rootNamespace: "PulumiUpgrades", respectSchemaVersion: true },
    },
  };
  const cfgJson = jsonSchemaOf(providerConfigSchema(), "input");
  const { props: cfgProps } = new Converter(cfgJson).objectProps(cfgJson, "ProviderConfig", []);
  for (const k of CONFIG_KEYS) {
    const p = { ...cfgProps[k], description: `${SETTINGS[k].description} Environment fallback: ${SETTINGS[k].env.join(", ")}.` };
    if (SETTINGS[k].secret) p.secret = true;
    schema.config.variables[k] = p;
    schema.provider.inputProperties[k] = p;
  }
  for (const h of handlers) {
    const secretPaths = normSecretPaths(h.secretInputPaths);
    const inJson = jsonSchemaOf(h.inputSchema, "input");
    const outJson = jsonSchemaOf(h.outputSchema, "output");
    const inConv = new Converter(inJson);
    const outConv = new Converter(outJson);
    const ins = inConv.objectProps(inJson, h.type, secretPaths);
    const outs = outConv.objectProps(outJson, h.type, secretPaths);
    // Input and output may define the same nested type name; the input's definition wins (SDKs share the type).
    Object.assign(schema.types, outConv.types, inConv.types);
    for (const k of h.replaceOnChanges ?? []) if (ins.props[k]) ins.props[k].replaceOnChanges = true;
    schema.resources[pluginToken(h.type)] = {
      description: h.description,
      type: "object",
      inputProperties: ins.props,
      requiredInputs: ins.required,
      properties: outs.props,
      required: outs.required,
    };
  }
  return schema;
}
