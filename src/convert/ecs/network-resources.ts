/**
 * The network side of the template: a security group per compose network (members reach each
 * other on every port, as on a compose network), Cloud Map names for the services, and an
 * Application Load Balancer whose listeners are the published ports.
 */
import { type EcsContext, getAtt, ref } from './context.js';
import type { EcsServicePlan } from './plan.js';

/** The IDs the services need from the network resources. */
export interface NetworkIds {
  /** Security group of each compose network. */
  readonly networks: ReadonlyMap<string, string>;
  readonly namespace: string;
  readonly loadBalancerGroup?: string | undefined;
}

/** Security groups per network, the Cloud Map namespace, and the load balancer's. */
export function networkResources(ctx: EcsContext): NetworkIds {
  const networks = new Map<string, string>();
  for (const name of ctx.plan.networks) {
    const sg = ctx.ids.take(`network:${name}`, name, 'Network', 'SecurityGroup');
    ctx.add(sg, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `compose network ${name} of ${ctx.project.name}`,
        VpcId: ref('VpcId'),
      },
    });
    ctx.add(ctx.ids.take(`network-self:${name}`, name, 'Network', 'Ingress'), {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: getAtt(sg, 'GroupId'),
        SourceSecurityGroupId: getAtt(sg, 'GroupId'),
        IpProtocol: '-1',
        Description: `members of ${name} reach each other`,
      },
    });
    networks.set(name, sg);
    const n = ctx.project.networks[name];
    const extra =
      n.driver !== undefined ||
      n.ipam.config !== undefined ||
      n.driverOpts !== undefined ||
      n.internal === true;
    ctx.report.resource({
      path: `networks.${name}`,
      outcome: extra ? 'approximated' : 'mapped',
      target: `AWS::EC2::SecurityGroup/${sg}`,
      reason: `a security group its services join: they reach each other on every port${extra ? '; the driver, IPAM, options and internal have no ECS equivalent (the VPC decides)' : ''}`,
    });
  }
  const namespace = 'ServiceDiscoveryNamespace';
  ctx.add(namespace, {
    Type: 'AWS::ServiceDiscovery::PrivateDnsNamespace',
    Properties: {
      Name: `${ctx.project.name}.local`,
      Vpc: ref('VpcId'),
      Description: `service names of ${ctx.project.name}`,
    },
  });
  if (!ctx.plan.loadBalancer) return { networks, namespace };
  const lbGroup = 'LoadBalancerSecurityGroup';
  const published = ctx.plan.services.flatMap((s) =>
    s.ports.filter((p) => p.protocol === 'tcp').map((p) => p.published),
  );
  ctx.add(lbGroup, {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `load balancer of ${ctx.project.name}: the published ports`,
      VpcId: ref('VpcId'),
      SecurityGroupIngress: [...new Set(published)].map((port) => ({
        IpProtocol: 'tcp',
        FromPort: port,
        ToPort: port,
        CidrIp: '0.0.0.0/0',
        Description: `published port ${port}`,
      })),
    },
  });
  ctx.add('LoadBalancer', {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: {
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: ref('SubnetIds'),
      SecurityGroups: [getAtt(lbGroup, 'GroupId')],
    },
  });
  ctx.outputs.LoadBalancerDns = {
    Description: 'the load balancer: published ports answer here',
    Value: getAtt('LoadBalancer', 'DNSName'),
  };
  return { networks, namespace, loadBalancerGroup: lbGroup };
}

/** A service's Cloud Map name: `<service>.<project>.local`. */
export function discoveryService(ctx: EcsContext, s: EcsServicePlan, namespace: string): string {
  const id = ctx.ids.take(`discovery:${s.key}`, s.key, 'Discovery');
  ctx.add(id, {
    Type: 'AWS::ServiceDiscovery::Service',
    Properties: {
      Name: s.key,
      NamespaceId: getAtt(namespace, 'Id'),
      DnsConfig: {
        RoutingPolicy: 'MULTIVALUE',
        DnsRecords: [{ Type: 'A', TTL: 10 }],
      },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    },
  });
  return id;
}

/** A published port's target group and listener; returns what the ECS service attaches. */
export function publishedPort(
  ctx: EcsContext,
  s: EcsServicePlan,
  port: EcsServicePlan['ports'][number],
): { targetGroup: string; listener: string } {
  const tg = ctx.ids.take(
    `tg:${s.key}:${port.published}`,
    s.key,
    `Port${port.published}`,
    'Target',
  );
  ctx.add(tg, {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: {
      Port: port.target,
      Protocol: 'HTTP',
      TargetType: 'ip',
      VpcId: ref('VpcId'),
    },
  });
  const listener = ctx.ids.take(`listener:${port.published}`, `Listener${port.published}`);
  ctx.add(listener, {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: {
      LoadBalancerArn: ref('LoadBalancer'),
      Port: port.published,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(tg) }],
    },
  });
  ctx.outputs[ctx.ids.take(`url:${port.published}`, s.key, `Url${port.published}`)] = {
    Description: `${s.key}: published port ${port.published}`,
    Value: { 'Fn::Sub': `http://\${LoadBalancer.DNSName}:${port.published}` },
  };
  return { targetGroup: tg, listener };
}
