/**
 * @module clients/kibana-fleet/schemas — zod schemas of the Fleet responses the FleetIntegration resource reads
 * (shapes from Kibana's OpenAPI extract and the verbatim doc examples in fleet.md). Objects are loose
 * (unknown fields kept): Kibana adds fields across versions, and the doc examples omit many declared ones.
 */
import { z } from "zod";

/** Kibana error body `{statusCode, error, message}` (`attributes` appears only on some errors). */
export const FleetErrorBodySchema = z.looseObject({
  statusCode: z.number().optional(),
  error: z.string().optional(),
  message: z.string(),
  attributes: z.unknown().optional(),
  errorType: z.string().optional(),
});
export type FleetErrorBody = z.infer<typeof FleetErrorBodySchema>;

export const VarDefinitionSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  title: z.string().optional(),
  required: z.boolean().optional(),
  multi: z.boolean().optional(),
  show_user: z.boolean().optional(),
  default: z.unknown().optional(),
  options: z.array(z.looseObject({ value: z.string(), text: z.string().optional() })).optional(),
});
export type VarDefinition = z.infer<typeof VarDefinitionSchema>;

export const PolicyTemplateSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  data_streams: z.array(z.string()).optional(),
  inputs: z.array(z.looseObject({ type: z.string(), title: z.string().optional(), vars: z.array(VarDefinitionSchema).optional() })).optional(),
  /** input packages declare a single input here instead of `inputs` */
  input: z.string().optional(),
});

export const DataStreamSchema = z.looseObject({
  type: z.string(),
  dataset: z.string(),
  path: z.string().optional(),
  title: z.string().optional(),
  streams: z.array(z.looseObject({ input: z.string(), enabled: z.boolean().optional(), vars: z.array(VarDefinitionSchema).optional() })).optional(),
});

export const InstallationInfoSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  install_status: z.enum(["installed", "installing", "install_failed"]),
  install_source: z.string().optional(),
  previous_version: z.string().nullable().optional(),
  installed_kibana_space_id: z.string().optional(),
  latest_install_failed_attempts: z
    .array(z.looseObject({ created_at: z.string(), target_version: z.string(), error: z.looseObject({ name: z.string(), message: z.string() }) }))
    .optional(),
});
export type InstallationInfo = z.infer<typeof InstallationInfoSchema>;

/** `item` of GET /api/fleet/epm/packages/{pkgName}/{pkgVersion}. */
export const PackageInfoSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  title: z.string(),
  description: z.string().optional(),
  /** installed | installing | install_failed | not_installed — of the package NAME, any version (fleet.md §0.7) */
  status: z.string().optional(),
  latestVersion: z.string().optional(),
  keepPoliciesUpToDate: z.boolean().optional(),
  release: z.enum(["ga", "beta", "experimental"]).optional(),
  conditions: z
    .looseObject({
      kibana: z.looseObject({ version: z.string().optional() }).optional(),
      elastic: z.looseObject({ subscription: z.string().optional() }).optional(),
    })
    .optional(),
  installationInfo: InstallationInfoSchema.optional(),
  policy_templates: z.array(PolicyTemplateSchema).optional(),
  data_streams: z.array(DataStreamSchema).optional(),
  vars: z.array(VarDefinitionSchema).optional(),
});
export type PackageInfo = z.infer<typeof PackageInfoSchema>;

export const GetPackageInfoResponseSchema = z.looseObject({
  item: PackageInfoSchema,
  metadata: z.looseObject({ has_policies: z.boolean() }).optional(),
});
export type GetPackageInfoResponse = z.infer<typeof GetPackageInfoResponseSchema>;

export const AssetReferenceSchema = z.looseObject({ id: z.string(), type: z.string() });

export const InstallPackageResponseSchema = z.looseObject({
  items: z.array(AssetReferenceSchema),
  _meta: z.looseObject({ install_source: z.string(), name: z.string().optional() }),
});
export type InstallPackageResponse = z.infer<typeof InstallPackageResponseSchema>;

export const UpdatePackageSettingsResponseSchema = z.looseObject({
  item: z.looseObject({ name: z.string(), version: z.string(), keepPoliciesUpToDate: z.boolean().optional() }),
});
export type UpdatePackageSettingsResponse = z.infer<typeof UpdatePackageSettingsResponseSchema>;

export const PolicyVarEntrySchema = z.looseObject({ type: z.string().optional(), value: z.unknown().optional(), frozen: z.boolean().optional() });
export const PolicyVarsSchema = z.record(z.string(), PolicyVarEntrySchema);

export const PolicyStreamSchema = z.looseObject({
  id: z.string().optional(),
  enabled: z.boolean(),
  data_stream: z.looseObject({ type: z.string().optional(), dataset: z.string() }),
  vars: PolicyVarsSchema.optional(),
});

export const PolicyInputSchema = z.looseObject({
  type: z.string(),
  policy_template: z.string().optional(),
  enabled: z.boolean(),
  vars: PolicyVarsSchema.optional(),
  streams: z.array(PolicyStreamSchema),
});

/** A package policy in Kibana's default (legacy) format: inputs as an array. */
export const PackagePolicySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  description: z.string().optional(),
  enabled: z.boolean().optional(),
  policy_id: z.string().nullable().optional(),
  policy_ids: z.array(z.string()).optional(),
  package: z.looseObject({ name: z.string(), title: z.string().optional(), version: z.string() }).optional(),
  inputs: z.array(PolicyInputSchema),
  vars: PolicyVarsSchema.optional(),
  revision: z.number().optional(),
  is_managed: z.boolean().optional(),
  spaceIds: z.array(z.string()).optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type PackagePolicy = z.infer<typeof PackagePolicySchema>;

export const ListPackagePoliciesResponseSchema = z.looseObject({
  items: z.array(PackagePolicySchema),
  total: z.number(),
  page: z.number(),
  perPage: z.number(),
});
export type ListPackagePoliciesResponse = z.infer<typeof ListPackagePoliciesResponseSchema>;

/** One dry-run validation error; `message` is an array of strings in practice, typed string (fleet.md §1.6). */
export const DryRunErrorSchema = z.looseObject({
  key: z.string().optional(),
  message: z.union([z.string(), z.array(z.string())]),
});
export type DryRunError = z.infer<typeof DryRunErrorSchema>;

const DryRunPolicySchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  package: z.looseObject({ name: z.string(), version: z.string() }).optional(),
  inputs: z.unknown().optional(),
  errors: z.array(DryRunErrorSchema).optional(),
  missingVars: z.array(z.string()).optional(),
});

export const DryRunItemSchema = z.looseObject({
  name: z.string().optional(),
  hasErrors: z.boolean(),
  /** [current policy, proposed policy]; errors live on diff[1].errors */
  diff: z.array(DryRunPolicySchema).optional(),
  agent_diff: z.unknown().optional(),
  statusCode: z.number().optional(),
  body: z.looseObject({ message: z.string() }).optional(),
});
export type DryRunItem = z.infer<typeof DryRunItemSchema>;
export const DryRunResponseSchema = z.array(DryRunItemSchema);

export const UpgradeResultItemSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  success: z.boolean(),
  statusCode: z.number().optional(),
  body: z.looseObject({ message: z.string() }).optional(),
});
export type UpgradeResultItem = z.infer<typeof UpgradeResultItemSchema>;
export const UpgradeResponseSchema = z.array(UpgradeResultItemSchema);

export const FleetSettingsResponseSchema = z.looseObject({
  item: z.looseObject({ id: z.string(), prerelease_integrations_enabled: z.boolean().optional() }),
});
export type FleetSettingsResponse = z.infer<typeof FleetSettingsResponseSchema>;
