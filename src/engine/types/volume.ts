// Engine API shapes for volumes.

/** `GET /volumes/{name}`, the items of `GET /volumes` and the answer of create. */
export interface Volume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Status?: Record<string, unknown> | null;
  Labels: Record<string, string> | null;
  /** `local` or `global`. */
  Scope: string;
  Options: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number } | null;
}

/** Body of `POST /volumes/create`. */
export interface VolumeCreateBody {
  /** Omitted: the engine picks a random name (an anonymous volume). */
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string>;
  Labels?: Record<string, string>;
}

/** `GET /volumes`, with nulls normalised to empty arrays. */
export interface VolumeList {
  Volumes: Volume[];
  Warnings: string[];
}
