import { randomBytes, randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { isUuid, parseInput, recordIdArg } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { requireEndpointManager, requireEndpointReader } from './webhook-endpoint.access';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { endpointGroupNotFound, webhookEndpointNotFound } from './webhook-endpoint.errors';
import {
  createWebhookEndpointInput,
  updateWebhookEndpointArgs,
  webhookEndpointsArgs,
} from './webhook-endpoint.input';

/** An endpoint with the secret it signs with: the only time the secret leaves the service. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  signingSecret: string;
}

/** A fresh signing secret: 256 random bits, prefixed so it is recognisable in a secret store. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Webhook endpoint administration: the channels of stakeholder groups. */
export class WebhookEndpointService {
  constructor(private readonly dataSource: DataSource) {}

  /** Staff: one group's endpoints, or every group's, by name. */
  async list(caller: Caller, rawArgs: unknown): Promise<WebhookEndpoint[]> {
    requireEndpointReader(caller);
    const { groupId } = parseInput(webhookEndpointsArgs, rawArgs);
    if (groupId !== null && groupId !== undefined && !isUuid(groupId)) return [];
    return this.dataSource.getRepository(WebhookEndpoint).find({
      where: groupId ? { groupId } : {},
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  async create(caller: Caller, rawInput: unknown): Promise<EndpointWithSecret> {
    requireEndpointManager(caller);
    const input = parseInput(createWebhookEndpointInput, rawInput);
    if (!isUuid(input.groupId)) throw endpointGroupNotFound(input.groupId);
    const now = new Date();
    const endpoint = this.dataSource.getRepository(WebhookEndpoint).create({
      id: randomUUID(),
      groupId: input.groupId,
      name: input.name,
      url: input.url,
      format: input.format,
      secret: newSigningSecret(),
      enabled: true,
      createdAt: now,
      updatedAt: now,
    });
    await this.dataSource.transaction(async (manager) => {
      // The lock keeps the group from being deleted before the insert commits (no foreign key failure,
      // whose logged parameters would include the secret).
      const group = await manager.query<unknown[]>(
        `SELECT 1 FROM stakeholder_group WHERE id = $1 FOR KEY SHARE`,
        [input.groupId],
      );
      if (group.length === 0) throw endpointGroupNotFound(input.groupId);
      await manager.getRepository(WebhookEndpoint).insert(endpoint);
    });
    return { endpoint, signingSecret: endpoint.secret };
  }

  async update(caller: Caller, rawArgs: unknown): Promise<WebhookEndpoint> {
    requireEndpointManager(caller);
    const { id, input } = parseInput(updateWebhookEndpointArgs, rawArgs);
    return this.change(id, (endpoint) => {
      if (input.name != null) endpoint.name = input.name;
      if (input.url != null) endpoint.url = input.url;
      if (input.format != null) endpoint.format = input.format;
      if (input.enabled != null) endpoint.enabled = input.enabled;
    });
  }

  /** A new secret, in force for every attempt from now on; the old one stops working at once. */
  async rotateSecret(caller: Caller, rawId: unknown): Promise<EndpointWithSecret> {
    requireEndpointManager(caller);
    const signingSecret = newSigningSecret();
    const endpoint = await this.change(parseInput(recordIdArg, rawId), (locked) => {
      locked.secret = signingSecret;
    });
    return { endpoint, signingSecret };
  }

  /** True when deleted, false when there was none (a retried delete is not an error). */
  async delete(caller: Caller, rawId: unknown): Promise<boolean> {
    requireEndpointManager(caller);
    const id = parseInput(recordIdArg, rawId);
    if (!isUuid(id)) return false;
    const result = await this.dataSource.getRepository(WebhookEndpoint).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  /** Locks the endpoint, applies the change and stamps `updated_at`, in one transaction. */
  private async change(id: string, apply: (endpoint: WebhookEndpoint) => void): Promise<WebhookEndpoint> {
    if (!isUuid(id)) throw webhookEndpointNotFound(id);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(WebhookEndpoint);
      const endpoint = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!endpoint) throw webhookEndpointNotFound(id);
      apply(endpoint);
      endpoint.updatedAt = new Date();
      const { name, url, format, secret, enabled, updatedAt } = endpoint;
      await repository.update({ id }, { name, url, format, secret, enabled, updatedAt });
      return endpoint;
    });
  }
}
