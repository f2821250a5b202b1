// Engine API shapes for images, and the JSON messages of build, pull and push streams.
import type { ContainerConfig } from './container-config.js';

/** One item of `GET /images/json`. */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  /** Unix seconds. */
  Created: number;
  Size: number;
  SharedSize: number;
  VirtualSize?: number;
  Labels: Record<string, string> | null;
  Containers: number;
}

/** `GET /images/{name}/json`. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Parent: string;
  Comment: string;
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: ContainerConfig | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  OsVersion?: string;
  Size: number;
  VirtualSize?: number;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  RootFS: { Type: string; Layers?: string[] };
  Metadata: { LastTagTime?: string };
}

/** One item of the answer of `DELETE /images/{name}`. */
export interface ImageDeleteItem {
  Untagged?: string;
  Deleted?: string;
}

/** Registry credentials, sent base64url-encoded in `X-Registry-Auth`. */
export interface AuthConfig {
  username?: string;
  password?: string;
  /** e.g. `https://index.docker.io/v1/` or `localhost:5000`. */
  serveraddress?: string;
  identitytoken?: string;
  registrytoken?: string;
  auth?: string;
  email?: string;
}

/**
 * One message of a build, pull or push stream. Failures arrive as `error`/`errorDetail`; the
 * client turns those into a thrown EngineError rather than yielding them.
 */
export interface JsonMessage {
  /** Pull/push: layer ID or tag the status is about. */
  id?: string;
  /** Pull/push: `Pulling fs layer`, `Downloading`, `Pull complete`, ... */
  status?: string;
  /** Pull/push: a rendered progress bar. */
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  /** Build: a piece of the build's output (often with its own newline). */
  stream?: string;
  /** Build: `{ ID: 'sha256:...' }` for the built image; push: `{ Tag, Digest, Size }`. */
  aux?: { ID?: string; Tag?: string; Digest?: string; Size?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
  time?: number;
  timeNano?: number;
}
