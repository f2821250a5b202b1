// The k8s layer's surface: deploying converted projects onto a cluster through src/kube.
export { k8sDeploy, DEFAULT_WAIT_TIMEOUT } from './deploy.js';
export { k8sLogs } from './logs.js';
export { k8sPs } from './ps.js';
export { k8sRemove } from './remove.js';
