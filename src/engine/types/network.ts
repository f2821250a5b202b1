// Engine API shapes for networks (the fields compose uses). Responses mirror the engine's JSON:
// Go nil maps and slices arrive as null.

/** IP addresses requested for one endpoint. */
export interface EndpointIpamConfig {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[];
}

/** A container's endpoint on one network, in create/connect bodies and in inspect output. */
export interface EndpointSettings {
  IPAMConfig?: EndpointIpamConfig | null;
  Links?: string[] | null;
  /** Names other containers on the network resolve to this container. */
  Aliases?: string[] | null;
  MacAddress?: string;
  DriverOpts?: Record<string, string> | null;
  /** Gateway priority (API >= 1.48); ignored by older engines. */
  GwPriority?: number;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  /** DNS names of the container on this network (API >= 1.44). */
  DNSNames?: string[] | null;
}

/** One IPAM pool. */
export interface IpamPool {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

export interface Ipam {
  Driver?: string;
  Config?: IpamPool[] | null;
  Options?: Record<string, string> | null;
}

/** Body of `POST /networks/create`. */
export interface NetworkCreateBody {
  Name: string;
  /** Refuse a duplicate name (deprecated from API 1.44, where it is always checked). */
  CheckDuplicate?: boolean;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: Ipam;
  EnableIPv6?: boolean;
  /** API >= 1.47. */
  EnableIPv4?: boolean;
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network: string };
}

/** Answer of `POST /networks/create`. */
export interface NetworkCreateResponse {
  Id: string;
  Warning?: string;
}

/** A container attached to a network, as network inspect lists it. */
export interface NetworkContainer {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

/** `GET /networks/{id}` and the items of `GET /networks`. */
export interface NetworkInspect {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv6: boolean;
  EnableIPv4?: boolean;
  IPAM: Ipam;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom?: { Network: string };
  ConfigOnly?: boolean;
  /** Attached containers by ID (only filled by inspect, not by list). */
  Containers: Record<string, NetworkContainer> | null;
  Options: Record<string, string> | null;
  Labels: Record<string, string> | null;
}

/** Body of `POST /networks/{id}/connect`. */
export interface NetworkConnectBody {
  Container: string;
  EndpointConfig?: EndpointSettings;
}

/** Body of `POST /networks/{id}/disconnect`. */
export interface NetworkDisconnectBody {
  Container: string;
  Force?: boolean;
}
