/**
 * The ECS converter: plans the services, writes a CloudFormation template (cluster, Fargate
 * task definitions and services, Cloud Map names, security groups per network, EFS for volumes,
 * Secrets Manager references, log groups, a load balancer for published ports), reports every
 * field, and checks the template against the resource specification and flotilla's rules.
 */
import type {
  CloudFormationResource,
  CloudFormationTemplate,
  ConversionResult,
  EcsConvertOptions,
} from '../../api/convert.js';
import { ComposeError } from '../../api/errors.js';
import type { Project } from '../../model/project.js';
import { ReportBuilder, checkStrict } from '../report.js';
import { toYaml } from '../yaml-emit.js';
import { containerDefinition, secretParameter, taskVolumes } from './container.js';
import { EcsContext, getAtt, ref } from './context.js';
import { logicalId } from './names.js';
import {
  type NetworkIds,
  discoveryService,
  networkResources,
  publishedPort,
} from './network-resources.js';
import { FREE_EPHEMERAL_GIB, planEcs, type EcsServicePlan } from './plan.js';
import { checkTemplate, ruleViolations } from './rules.js';
import { reportUncovered, serviceFields } from './service-fields.js';
import { specErrors } from './spec-check.js';
import { type StorageIds, storageResources } from './storage-resources.js';

const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

function parameters(ctx: EcsContext): void {
  ctx.parameters.VpcId = { Type: 'AWS::EC2::VPC::Id', Description: 'the VPC the tasks run in' };
  ctx.parameters.SubnetIds = {
    Type: 'List<AWS::EC2::Subnet::Id>',
    Description:
      'at least two subnets of the VPC, in two availability zones (the first two hold the EFS mount targets)',
  };
  ctx.parameters.AssignPublicIp = {
    Type: 'String',
    AllowedValues: ['ENABLED', 'DISABLED'],
    Default: 'ENABLED',
    Description:
      'ENABLED for public subnets without a NAT gateway (each task then has a billed public IPv4 address)',
  };
}

function executionRole(ctx: EcsContext): void {
  const secretArns = ctx.plan.secrets.map((s) => ref(secretParameter(ctx, s)));
  ctx.add('TaskExecutionRole', {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'],
      ...(secretArns.length === 0
        ? {}
        : {
            Policies: [
              {
                PolicyName: 'read-compose-secrets',
                PolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 'secretsmanager:GetSecretValue',
                      Resource: secretArns,
                    },
                  ],
                },
              },
            ],
          }),
    },
  });
}

function serviceResources(
  ctx: EcsContext,
  s: EcsServicePlan,
  net: NetworkIds,
  storage: StorageIds,
): void {
  const logGroup = ctx.ids.take(`log:${s.key}`, s.key, 'LogGroup');
  ctx.add(logGroup, {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      LogGroupName: `/flotilla/${ctx.project.name}/${s.key}`,
      RetentionInDays: ctx.logRetentionDays,
    },
  });
  const taskDefinition = ctx.ids.take(`task:${s.key}`, s.key, 'TaskDefinition');
  const container = containerDefinition(ctx, s, logGroup, taskDefinition);
  const volumes = taskVolumes(ctx, s, storage);
  ctx.add(taskDefinition, {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      Family: `${ctx.project.name}-${s.key}`,
      Cpu: String(s.size.cpu),
      Memory: String(s.size.memory),
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: {
        CpuArchitecture: ctx.plan.arch === 'arm64' ? 'ARM64' : 'X86_64',
        OperatingSystemFamily: 'LINUX',
      },
      ExecutionRoleArn: getAtt('TaskExecutionRole', 'Arn'),
      ContainerDefinitions: [container],
      ...(volumes.length === 0 ? {} : { Volumes: volumes }),
      ...(s.ephemeralGiB > FREE_EPHEMERAL_GIB
        ? { EphemeralStorage: { SizeInGiB: s.ephemeralGiB } }
        : {}),
    },
  });
  if (s.ephemeralGiB > FREE_EPHEMERAL_GIB) {
    ctx.note(
      s.key,
      'storage_opt',
      'mapped',
      `${s.ephemeralGiB} GiB of ephemeral storage`,
      `AWS::ECS::TaskDefinition/${taskDefinition} EphemeralStorage`,
    );
  }
  const discovery = discoveryService(ctx, s, net.namespace);
  const groups = s.networks
    .filter((n) => net.networks.has(n))
    .map((n) => getAtt(net.networks.get(n) ?? '', 'GroupId'));
  const dependsOn: string[] = [];
  const loadBalancers: unknown[] = [];
  const tcp = s.ports.filter((p) => p.protocol === 'tcp');
  if (tcp.length > 0 && net.loadBalancerGroup !== undefined) {
    const published = ctx.ids.take(`published:${s.key}`, s.key, 'PublishedSecurityGroup');
    ctx.add(published, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `${s.key}: its published ports, from the load balancer`,
        VpcId: ref('VpcId'),
        SecurityGroupIngress: [...new Set(tcp.map((p) => p.target))].map((port) => ({
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
          SourceSecurityGroupId: getAtt(net.loadBalancerGroup ?? '', 'GroupId'),
          Description: `published to the load balancer`,
        })),
      },
    });
    groups.push(getAtt(published, 'GroupId'));
    for (const p of tcp) {
      const { targetGroup, listener } = publishedPort(ctx, s, p);
      loadBalancers.push({
        ContainerName: s.key,
        ContainerPort: p.target,
        TargetGroupArn: ref(targetGroup),
      });
      dependsOn.push(listener);
    }
  }
  const volumeConfigurations: unknown[] = [];
  for (const m of s.mounts) {
    const v = ctx.plan.volumes.find((x) => x.key === m.volume);
    if (v?.kind === 'efs' && storage.clientGroup !== undefined) {
      if (!groups.some((g) => g['Fn::GetAtt'][0] === storage.clientGroup))
        groups.push(getAtt(storage.clientGroup, 'GroupId'));
      for (const mt of ['FileSystemMountTarget1', 'FileSystemMountTarget2'])
        if (!dependsOn.includes(mt)) dependsOn.push(mt);
    } else if (v?.kind === 'ebs' && storage.ebsRole !== undefined) {
      volumeConfigurations.push({
        Name: logicalId(m.volume),
        ManagedEBSVolume: {
          RoleArn: getAtt(storage.ebsRole, 'Arn'),
          SizeInGiB: v.sizeGiB ?? 20,
          VolumeType: 'gp3',
          FilesystemType: 'ext4',
          Encrypted: true,
        },
      });
    }
  }
  const service = ctx.ids.take(`service:${s.key}`, s.key, 'Service');
  for (const dep of Object.keys(ctx.project.services[s.key].dependsOn ?? {})) {
    if (Object.hasOwn(ctx.project.services, dep))
      dependsOn.push(ctx.ids.take(`service:${dep}`, dep, 'Service'));
  }
  const resource: CloudFormationResource = {
    Type: 'AWS::ECS::Service',
    ...(dependsOn.length === 0 ? {} : { DependsOn: dependsOn }),
    Properties: {
      ServiceName: s.key,
      Cluster: ref('Cluster'),
      TaskDefinition: ref(taskDefinition),
      DesiredCount: s.replicas,
      LaunchType: 'FARGATE',
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          Subnets: ref('SubnetIds'),
          SecurityGroups: groups,
          AssignPublicIp: ref('AssignPublicIp'),
        },
      },
      ServiceRegistries: [{ RegistryArn: getAtt(discovery, 'Arn') }],
      ...(loadBalancers.length === 0 ? {} : { LoadBalancers: loadBalancers }),
      ...(volumeConfigurations.length === 0 ? {} : { VolumeConfigurations: volumeConfigurations }),
    },
  };
  ctx.add(service, resource);
  ctx.report.workload(
    s.key,
    'AWS::ECS::Service',
    service,
    `${s.replicas} Fargate task${s.replicas === 1 ? '' : 's'} of ${s.size.cpu / 1024} vCPU / ${s.size.memory / 1024} GB`,
  );
  ctx.note(
    s.key,
    '',
    'mapped',
    `reachable as ${s.key}.${ctx.project.name}.local (Cloud Map); Fargate tasks cannot add the search domain, so a program that connects to the short name ${s.key} needs the full name`,
    `AWS::ServiceDiscovery::Service/${discovery}`,
  );
  serviceFields(ctx, s, service, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups');
}

function projectResources(ctx: EcsContext): void {
  for (const [key, secret] of Object.entries(ctx.project.secrets)) {
    const used = ctx.plan.secrets.includes(key);
    ctx.report.resource({
      path: `secrets.${key}`,
      outcome: used ? 'approximated' : 'dropped',
      ...(used ? { target: `Parameter/${secretParameter(ctx, key)}` } : {}),
      reason: used
        ? `a Secrets Manager secret you create${secret.external === true ? ` (external: ${secret.name})` : ''} with the content of the compose secret; the template reads its ARN from a parameter and never holds the value`
        : 'no converted service uses it',
    });
  }
  for (const key of Object.keys(ctx.project.configs)) {
    ctx.report.resource({
      path: `configs.${key}`,
      outcome: 'dropped',
      reason:
        'ECS has no configs: bake the file into the image or keep it in a volume or in SSM Parameter Store',
    });
  }
  for (const key of Object.keys(ctx.project.models)) {
    ctx.report.resource({
      path: `models.${key}`,
      outcome: 'dropped',
      reason: "models need Docker's model runner",
    });
  }
}

/** The template of a project, with the report builder and the facts the rules need. */
function buildTemplate(
  project: Project,
  options: EcsConvertOptions,
): { template: CloudFormationTemplate; ctx: EcsContext; lbGroup?: string | undefined } {
  const retention = options.logRetentionDays ?? 30;
  if (!RETENTION_DAYS.includes(retention)) {
    throw new ComposeError(
      'USAGE',
      `--log-retention ${retention}: CloudWatch keeps logs ${RETENTION_DAYS.join(', ')} days`,
    );
  }
  const plan = planEcs(project, options);
  const report = new ReportBuilder(
    { target: 'ecs', format: 'cloudformation', project: project.name },
    options.locate,
    Object.keys(project.services),
  );
  const ctx = new EcsContext(project, plan, report, retention);
  parameters(ctx);
  ctx.add('Cluster', { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: project.name } });
  const net = networkResources(ctx);
  const storage = storageResources(ctx);
  executionRole(ctx);
  for (const s of plan.services) serviceResources(ctx, s, net, storage);
  projectResources(ctx);
  reportUncovered(ctx);
  const template: CloudFormationTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${project.name}: converted from compose by flotilla convert --to ecs`,
    Parameters: ctx.parameters,
    Resources: ctx.resources,
    ...(Object.keys(ctx.outputs).length === 0 ? {} : { Outputs: ctx.outputs }),
  };
  return { template, ctx, lbGroup: net.loadBalancerGroup };
}

/**
 * `convert --to ecs`: a CloudFormation template for ECS on Fargate, and the report. Nothing is
 * deployed. The template holds the services' environment as the task definitions must; it never
 * holds a secret's value (secrets are Secrets Manager ARNs given as parameters).
 * @throws ComposeError('USAGE') for bad options, ('CONVERT') when `strict` and something would
 *   be dropped, or when the template would break the specification or flotilla's rules
 */
export function convertEcs(project: Project, options: EcsConvertOptions): ConversionResult {
  const { template, ctx, lbGroup } = buildTemplate(project, options);
  const report = ctx.report.build();
  if (options.strict === true) checkStrict(report);
  const secretParameters = new Set(ctx.plan.secrets.map((s) => secretParameter(ctx, s)));
  const published = ctx.plan.services.flatMap((s) => s.ports.filter((p) => p.protocol === 'tcp'));
  checkTemplate([
    ...specErrors(template),
    ...ruleViolations(template, { published, secretParameters, loadBalancerGroup: lbGroup }),
  ]);
  const json = options.json === true;
  const content = json ? `${JSON.stringify(template, null, 2)}\n` : toYaml(template);
  return {
    target: 'ecs',
    format: 'cloudformation',
    objects: [],
    template,
    files: [{ path: json ? 'template.json' : 'template.yaml', content }],
    report,
  };
}
