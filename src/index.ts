/**
 * flotilla — Docker Compose as a typed TypeScript library.
 *
 * The public surface is listed here explicitly; nothing else is exported.
 */
export { ComposeError, isComposeError } from './api/errors.js';
export type { ComposeErrorCode, ComposeErrorOptions, SourceLocation } from './api/errors.js';
export {
  REDACTED,
  REPORT_LOG_LINES,
  REPORT_SCHEMA_VERSION,
  describeFailure,
  failedServices,
} from './api/report.js';
export type {
  ContainerRunReport,
  FailureReason,
  HealthProbe,
  RunReport,
  ServiceRunReport,
} from './api/report.js';

export { createCompose, type CreateComposeOptions } from './compose/compose.js';
export type { BuilderChoice, BuildkitOutput } from './compose/buildx.js';
export type {
  BuildOptions,
  CommitOptions,
  Compose,
  ContainerSummary,
  CreateOptions,
  DownOptions,
  ExportOptions,
  KillOptions,
  LogsOptions,
  PlanDownOptions,
  PlanUpOptions,
  PortPublisher,
  ProjectVolume,
  PsOptions,
  PullOptions,
  PushOptions,
  PullPolicy,
  RemoveOptions,
  ReportingOptions,
  RestartOptions,
  ServicesOptions,
  StartOptions,
  StopOptions,
  UpOptions,
} from './api/compose.js';
export { PLAN_SCHEMA_VERSION } from './api/plan.js';
export type { Plan, PlanAction, PlanReason, PlanStep } from './api/plan.js';
export { createStacks, type CreateStacksOptions } from './stack/stacks.js';
export type {
  ResolveImage,
  StackCallOptions,
  StackConfigOptions,
  StackDeployOptions,
  StackDeployResult,
  StackPlan,
  StackPsOptions,
  StackRemoveOptions,
  StackService,
  StackServicesOptions,
  StackSummary,
  StackTask,
  StackWarning,
  Stacks,
} from './api/stack.js';
export { discardEvents, resourceId } from './api/events.js';
export type {
  ContainerStatusLine,
  EventSink,
  LogConsumer,
  LogLine,
  ProgressEvent,
  ProgressStatus,
  ResourceKind,
} from './api/events.js';

export { loadProject, loadProjectSync } from './loader/load-project.js';
export { loadProjectWithSources, type ProjectWithSources } from './loader/project-sources.js';
export type { LoadOptions, LoadWarning } from './api/load-options.js';

export { convert } from './convert/convert.js';
export { convertEcs } from './convert/ecs/convert-ecs.js';
export { formatReport } from './convert/report-table.js';
export type {
  CloudFormationResource,
  CloudFormationTemplate,
  ConversionReport,
  ConversionResult,
  ConvertCommonOptions,
  ConvertOptions,
  ConvertStage,
  EcsConvertOptions,
  FargateArch,
  ExposeRule,
  KubernetesConvertOptions,
  KubernetesFormat,
  KubernetesObject,
  OutputFile,
  ReportEntry,
  ReportOutcome,
  ReportSummary,
  ServiceReport,
  SourceLocator,
} from './api/convert.js';

export { estimateCost } from './cost/estimate-cost.js';
export { formatCost } from './cost/cost-table.js';
export { regions as priceRegions } from './cost/prices.js';
export type { CostEstimate, CostItem, CostOptions } from './api/cost.js';

export { decodeProject, type ProjectContext } from './model/decode.js';
export { ModelError } from './model/model-error.js';
export {
  dependencyGraph,
  dependencyLevels,
  dependencyOrder,
  DependencyCycleError,
  findDependencyCycle,
  reverseDependencyOrder,
  type DependencyGraph,
} from './model/graph.js';
export {
  dependentsOf,
  findService,
  hasService,
  matchServiceName,
  networksByPriority,
  serviceNames,
  serviceScale,
} from './model/services.js';
export {
  formatDuration,
  parseBytes,
  parseDuration,
  type Bytes,
  type Duration,
} from './model/units.js';
export type { Extensions, Mapping, MappingWithEquals } from './model/extensions.js';
export type {
  ConfigObjConfig,
  FileObjectConfig,
  IpamConfig,
  IpamPool,
  ModelConfig,
  NetworkConfig,
  Project,
  SecretConfig,
  VolumeConfig,
} from './model/project.js';
export type { ServiceConfig } from './model/service.js';
export type { BuildConfig, SshKey } from './model/build.js';
export type {
  DeployConfig,
  GenericResource,
  Placement,
  Resource,
  Resources,
  RestartPolicy,
  UpdateConfig,
} from './model/deploy.js';
export type {
  BlkioConfig,
  CredentialSpecConfig,
  DevelopConfig,
  DeviceMapping,
  DeviceRequest,
  EnvFile,
  ExtendsConfig,
  FileReference,
  HealthCheckConfig,
  LoggingConfig,
  PortConfig,
  ServiceDependency,
  ServiceHook,
  ServiceModelConfig,
  ServiceNetworkConfig,
  ServiceProviderConfig,
  ServiceVolumeConfig,
  ThrottleDevice,
  UlimitConfig,
  VolumeBindOptions,
  VolumeImageOptions,
  VolumeTmpfsOptions,
  VolumeVolumeOptions,
  WatchTrigger,
} from './model/service-parts.js';

// The Kubernetes API client (src/kube): kubeconfig, server-side apply, dry-run, discovery,
// watches and pod logs, for deploying converted projects onto a cluster.
export {
  ApiResources,
  KubeClient,
  KubeError,
  WatchStream,
  createKubeClient,
  isKubeError,
  loadKubeconfig,
} from './kube/index.js';
export type {
  ApiResource,
  ApplyOptions as KubeApplyOptions,
  CreateOptions as KubeCreateOptions,
  DeleteOptions as KubeDeleteOptions,
  KubeEndpoint,
  KubeErrorCode,
  KubeList,
  KubeObject,
  KubeStatusCause,
  KubeStatusDetails,
  KubeVersionInfo,
  KubeconfigOptions,
  ListOptions as KubeListOptions,
  LogOptions as KubeLogOptions,
  ObjectMeta,
  ObjectRef,
  WatchEvent,
  WatchOptions as KubeWatchOptions,
} from './kube/index.js';

// `flotilla k8s` (src/k8s): a project converted and applied to a cluster, its pods listed, its
// logs read, its objects removed (claims kept unless asked).
export { DEFAULT_WAIT_TIMEOUT, k8sDeploy, k8sLogs, k8sPs, k8sRemove } from './k8s/index.js';
export type {
  K8sDeployEvent,
  K8sDeployOptions,
  K8sDeployResult,
  K8sLogsOptions,
  K8sObjectAction,
  K8sObjectResult,
  K8sPod,
  K8sRemoveOptions,
  K8sRemoveResult,
  K8sTargetOptions,
} from './api/k8s.js';
