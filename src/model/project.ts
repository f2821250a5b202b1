import type { Extensions, Mapping } from './extensions.js';
import type { ServiceConfig } from './service.js';

/**
 * A loaded Compose project: what `docker compose config` shows, typed. Services are keyed by
 * name in file order; networks, volumes, secrets and configs by their key in the file (their
 * engine name is in `name`).
 */
export interface Project {
  /** The project name (`-p`, `COMPOSE_PROJECT_NAME`, `name:` or the directory name). */
  readonly name: string;
  /** The project directory, that relative paths were resolved against. */
  readonly workingDir: string;
  /** The enabled services. */
  readonly services: Readonly<Record<string, ServiceConfig>>;
  /** Services disabled because none of their profiles is active (or not selected). */
  readonly disabledServices: Readonly<Record<string, ServiceConfig>>;
  readonly networks: Readonly<Record<string, NetworkConfig>>;
  readonly volumes: Readonly<Record<string, VolumeConfig>>;
  readonly secrets: Readonly<Record<string, SecretConfig>>;
  readonly configs: Readonly<Record<string, ConfigObjConfig>>;
  readonly models: Readonly<Record<string, ModelConfig>>;
  /** Top-level `x-*` keys. */
  readonly extensions: Extensions;
  /** The compose files the project was read from (`-` for standard input). */
  readonly composeFiles: readonly string[];
  /** The project environment: OS environment and env files, as used for interpolation. */
  readonly environment: Mapping;
  /** The active profiles. */
  readonly profiles: readonly string[];
}

/** A top-level network. */
export interface NetworkConfig {
  /** The engine's name: `<project>_<key>`, the `name:` given, or the key when external. */
  readonly name: string;
  readonly driver?: string | undefined;
  /** `driver_opts` */
  readonly driverOpts?: Mapping | undefined;
  readonly ipam: IpamConfig;
  /** Created outside the project: never created nor removed by it. */
  readonly external?: boolean | undefined;
  readonly internal?: boolean | undefined;
  readonly attachable?: boolean | undefined;
  readonly labels?: Mapping | undefined;
  /** `enable_ipv4` */
  readonly enableIpv4?: boolean | undefined;
  /** `enable_ipv6` */
  readonly enableIpv6?: boolean | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `ipam:` of a network. */
export interface IpamConfig {
  readonly driver?: string | undefined;
  readonly config?: readonly IpamPool[] | undefined;
  readonly options?: Mapping | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `ipam.config` entry. */
export interface IpamPool {
  readonly subnet?: string | undefined;
  readonly gateway?: string | undefined;
  /** `ip_range` */
  readonly ipRange?: string | undefined;
  /** `aux_addresses` */
  readonly auxAddresses?: Mapping | undefined;
  readonly extensions?: Extensions | undefined;
}

/** A top-level volume. */
export interface VolumeConfig {
  /** The engine's name: `<project>_<key>`, the `name:` given, or the key when external. */
  readonly name: string;
  readonly driver?: string | undefined;
  /** `driver_opts` */
  readonly driverOpts?: Mapping | undefined;
  readonly external?: boolean | undefined;
  readonly labels?: Mapping | undefined;
  readonly extensions?: Extensions | undefined;
}

/** A top-level secret or config: where its content comes from. */
export interface FileObjectConfig {
  readonly name: string;
  /** Absolute path of the file holding the content. */
  readonly file?: string | undefined;
  /** Name of the environment variable holding the content. */
  readonly environment?: string | undefined;
  /** Inline content (configs), or the value read from `environment`. */
  readonly content?: string | undefined;
  readonly external?: boolean | undefined;
  readonly labels?: Mapping | undefined;
  readonly driver?: string | undefined;
  /** `driver_opts` */
  readonly driverOpts?: Mapping | undefined;
  /** `template_driver` */
  readonly templateDriver?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** A top-level secret. */
export type SecretConfig = FileObjectConfig;

/** A top-level config. */
export type ConfigObjConfig = FileObjectConfig;

/** A top-level model (an AI model served by the model runner). */
export interface ModelConfig {
  readonly name?: string | undefined;
  /** The model reference, `ai/smollm2`. */
  readonly model?: string | undefined;
  /** `context_size` */
  readonly contextSize?: number | undefined;
  /** `runtime_flags` */
  readonly runtimeFlags?: readonly string[] | undefined;
  readonly extensions?: Extensions | undefined;
}
