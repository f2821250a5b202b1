// The kube layer's surface: the Kubernetes API client, its errors and the object shapes.
// Other layers import from here only.
export {
  KubeClient,
  createKubeClient,
  type Abortable,
  type ApplyOptions,
  type CreateOptions,
  type DeleteOptions,
  type DryRunnable,
  type ListOptions,
  type LogOptions,
  type WatchOptions,
} from './client.js';
export type { QueryValue, RequestOptions } from './core.js';
export { ApiResources, type ApiResource, type ApiResourceListDocument } from './discovery.js';
export {
  KubeError,
  isKubeError,
  type KubeErrorCode,
  type KubeStatusCause,
  type KubeStatusDetails,
} from './errors.js';
export { loadKubeconfig, type KubeEndpoint, type KubeconfigOptions } from './kubeconfig.js';
export type { KubeList, KubeObject, KubeVersionInfo, ObjectMeta, ObjectRef } from './types.js';
export { WatchStream, type WatchEvent } from './watch.js';
