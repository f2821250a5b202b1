/** Env files: compose's dotenv syntax, the `raw` format, and service `env_file` resolution. */
export { parseDotenv, type DotenvOptions } from './parse-dotenv.js';
export { parseRawEnv, type RawEnvOptions } from './raw-env.js';
export { readEnvFile, type ReadEnvFileOptions } from './read-env-file.js';
export {
  resolveServiceEnvironment,
  type EnvFileEntry,
  type ServiceEnvironmentOptions,
} from './service-env-files.js';
