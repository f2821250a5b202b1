export { FLOTILLA_VERSION } from '../api/version.js';
