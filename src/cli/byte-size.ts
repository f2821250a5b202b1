// Sizes as the docker CLI prints them (go-units' HumanSize and BytesSize): one scaling loop for
// the decimal units of image sizes and I/O and the binary units of memory.

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function scaled(bytes: number, base: number, units: readonly string[], digits: number): string {
  let value = bytes;
  let u = 0;
  while (value >= base && u < units.length - 1) {
    value /= base;
    u++;
  }
  return `${Number(value.toPrecision(digits))}${units[u]}`;
}

/** Decimal sizes with three significant digits, as docker prints image sizes and I/O: `4.86MB`, `187kB`. */
export function decimalSize(bytes: number): string {
  return scaled(bytes, 1000, DECIMAL_UNITS, 3);
}

/** Binary sizes with four significant digits, as docker prints memory: `1.496MiB`. */
export function binarySize(bytes: number): string {
  return scaled(bytes, 1024, BINARY_UNITS, 4);
}
