/** flotilla's own version, printed by `flotilla version` and stamped on the resources it creates. */
export const FLOTILLA_VERSION = '0.1.0';
