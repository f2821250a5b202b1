/**
 * Named volumes: one EFS file system for the project (kept when the stack is deleted, as `down`
 * keeps volumes), mounted in two subnets, with an access point per volume; or, where asked, an
 * ECS-managed EBS volume for a service that runs one task.
 */
import { type EcsContext, getAtt, ref } from './context.js';

/** What task definitions and services refer to. */
export interface StorageIds {
  /** The EFS access point of each volume on EFS. */
  readonly accessPoints: ReadonlyMap<string, string>;
  readonly fileSystem?: string | undefined;
  /** Security group that tasks mounting EFS volumes join. */
  readonly clientGroup?: string | undefined;
  /** Role ECS uses to create EBS volumes. */
  readonly ebsRole?: string | undefined;
}

/** The storage resources of the plan's volumes. */
export function storageResources(ctx: EcsContext): StorageIds {
  const accessPoints = new Map<string, string>();
  const efs = ctx.plan.volumes.filter((v) => v.kind === 'efs' && v.users.length > 0);
  const ebs = ctx.plan.volumes.filter((v) => v.kind === 'ebs' && v.users.length > 0);
  for (const v of ctx.plan.volumes) {
    if (v.users.length === 0) {
      ctx.report.resource({
        path: `volumes.${v.key}`,
        outcome: 'dropped',
        reason: 'no converted service mounts it',
      });
    }
  }
  let fileSystem: string | undefined;
  let clientGroup: string | undefined;
  if (efs.length > 0) {
    fileSystem = 'FileSystem';
    clientGroup = 'FileSystemClientSecurityGroup';
    ctx.add(clientGroup, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `tasks of ${ctx.project.name} that mount volumes`,
        VpcId: ref('VpcId'),
      },
    });
    ctx.add('FileSystemSecurityGroup', {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `EFS volumes of ${ctx.project.name}: NFS from the tasks that mount them`,
        VpcId: ref('VpcId'),
        SecurityGroupIngress: [
          {
            IpProtocol: 'tcp',
            FromPort: 2049,
            ToPort: 2049,
            SourceSecurityGroupId: getAtt(clientGroup, 'GroupId'),
            Description: 'NFS',
          },
        ],
      },
    });
    ctx.add(fileSystem, {
      Type: 'AWS::EFS::FileSystem',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Encrypted: true,
        PerformanceMode: 'generalPurpose',
        ThroughputMode: 'elastic',
        FileSystemTags: [{ Key: 'Name', Value: `${ctx.project.name}-volumes` }],
      },
    });
    for (const k of [0, 1]) {
      ctx.add(`FileSystemMountTarget${k + 1}`, {
        Type: 'AWS::EFS::MountTarget',
        Properties: {
          FileSystemId: ref(fileSystem),
          SubnetId: { 'Fn::Select': [k, ref('SubnetIds')] },
          SecurityGroups: [getAtt('FileSystemSecurityGroup', 'GroupId')],
        },
      });
    }
    for (const v of efs) {
      const ap = ctx.ids.take(`volume:${v.key}`, v.key, 'AccessPoint');
      ctx.add(ap, {
        Type: 'AWS::EFS::AccessPoint',
        Properties: {
          FileSystemId: ref(fileSystem),
          RootDirectory: {
            Path: `/${v.key}`,
            CreationInfo: { OwnerUid: '0', OwnerGid: '0', Permissions: '0755' },
          },
          AccessPointTags: [{ Key: 'Name', Value: `${ctx.project.name}_${v.key}` }],
        },
      });
      accessPoints.set(v.key, ap);
      const volume = ctx.project.volumes[v.key];
      ctx.report.resource({
        path: `volumes.${v.key}`,
        outcome:
          volume.external === true || volume.driver !== undefined ? 'approximated' : 'mapped',
        target: `AWS::EFS::AccessPoint/${ap}`,
        reason:
          volume.external === true
            ? 'external: an empty EFS directory is made; copy the existing data into it'
            : volume.driver !== undefined
              ? `EFS instead of the ${volume.driver} driver; its options are not converted`
              : "a directory of the project's EFS file system (kept when the stack is deleted, billed per GB stored)",
      });
    }
  }
  let ebsRole: string | undefined;
  if (ebs.length > 0) {
    ebsRole = 'EbsVolumeRole';
    ctx.add(ebsRole, {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'ecs.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        ManagedPolicyArns: [
          'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRolePolicyForVolumes',
        ],
      },
    });
    for (const v of ebs) {
      ctx.report.resource({
        path: `volumes.${v.key}`,
        outcome: 'approximated',
        target: `AWS::ECS::Service/${v.users[0]} VolumeConfigurations`,
        reason: `an ECS-managed EBS gp3 volume of ${v.sizeGiB ?? 20} GiB (--ebs): ECS deletes it when its task stops, so the data does not survive a task replacement`,
      });
    }
  }
  return { accessPoints, fileSystem, clientGroup, ebsRole };
}
