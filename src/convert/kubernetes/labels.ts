/**
 * The labels the converter puts on objects: `app.kubernetes.io/*` (which also select a
 * service's pods), compose's own project and service labels, one label per compose network a
 * pod joins (what the NetworkPolicies select), and the service's `labels` where Kubernetes
 * accepts them as labels (annotations otherwise).
 */
import { dnsName, isLabelValue, isQualifiedName } from './names.js';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
/** Prefix of the network labels: `networks.flotilla.dev/<network>: "true"`. */
export const NETWORK_LABEL_PREFIX = 'networks.flotilla.dev/';

/** Labels of every object of the project. */
export function projectLabels(project: string): Record<string, string> {
  return {
    [PART_OF_LABEL]: project,
    [MANAGED_BY_LABEL]: 'flotilla',
    [COMPOSE_PROJECT_LABEL]: project,
  };
}

/** Labels that select the pods of one service (a Deployment's selector, its Service's). */
export function selectorLabels(project: string, service: string): Record<string, string> {
  return { [NAME_LABEL]: service, [PART_OF_LABEL]: project };
}

/**
 * Labels of the objects of one service.
 * @param composeService the compose key, for `com.docker.compose.service` (when a valid value)
 */
export function serviceLabels(
  project: string,
  service: string,
  composeService: string,
): Record<string, string> {
  return {
    [NAME_LABEL]: service,
    ...projectLabels(project),
    [COMPOSE_SERVICE_LABEL]: isLabelValue(composeService) ? composeService : service,
  };
}

/** The label a pod carries for each compose network it joins. */
export function networkLabel(network: string): string {
  return `${NETWORK_LABEL_PREFIX}${network}`;
}

/** Keys the converter sets itself: a compose label may not replace them. */
export function isReservedLabel(key: string): boolean {
  return (
    key === NAME_LABEL ||
    key === PART_OF_LABEL ||
    key === MANAGED_BY_LABEL ||
    key === COMPOSE_PROJECT_LABEL ||
    key === COMPOSE_SERVICE_LABEL ||
    key.startsWith(NETWORK_LABEL_PREFIX)
  );
}

/** Compose labels split into those Kubernetes takes as labels and the rest (annotations). */
export interface SplitLabels {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Keys that went to annotations. */
  readonly moved: string[];
  /** Keys neither a label nor an annotation can have (invalid key, or reserved). */
  readonly refused: string[];
}

/** Splits compose labels (`labels:`, `deploy.labels`) as Kubernetes accepts them. */
export function splitLabels(source: Readonly<Record<string, string>> | undefined): SplitLabels {
  const out: SplitLabels = { labels: {}, annotations: {}, moved: [], refused: [] };
  for (const [key, value] of Object.entries(source ?? {})) {
    if (!isQualifiedName(key) || isReservedLabel(key)) {
      out.refused.push(key);
    } else if (isLabelValue(value)) {
      out.labels[key] = value;
    } else {
      out.annotations[key] = value;
      out.moved.push(key);
    }
  }
  return out;
}

/** The value of the project labels for a project name (made valid when it is not). */
export function projectLabelValue(project: string): string {
  return isLabelValue(project) ? project : dnsName(project);
}

/** The label selector of every object the converter makes for a project. */
export function projectSelector(project: string): string {
  return `${MANAGED_BY_LABEL}=flotilla,${COMPOSE_PROJECT_LABEL}=${projectLabelValue(project)}`;
}
