import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/errors';
import type { OffsetStore } from './offset-store';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a new member first gets its id back with MEMBER_ID_REQUIRED (KIP-394). */
  requireKnownMemberId: boolean;
}

export interface JoinResult {
  error: number;
  generationId: number;
  protocol: string | null;
  leaderId: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  error: number;
  assignment: Buffer;
}

export interface GroupDescription {
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocol: string;
  members: { memberId: string; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
}

export interface CoordinatorOptions {
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** Like Kafka's group.initial.rebalance.delay.ms: how long a new group waits for more members. */
  initialRebalanceDelayMs: number;
  log: (line: string) => void;
}

interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  awaitingJoin: ((r: JoinResult) => void) | null;
  awaitingSync: ((r: SyncResult) => void) | null;
  sessionTimer: NodeJS.Timeout | null;
}

class Group {
  state: GroupState = 'Empty';
  generation = 0;
  protocolType: string | null = null;
  protocol: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Ids handed out with MEMBER_ID_REQUIRED that have not joined yet. */
  readonly pending = new Map<string, NodeJS.Timeout>();
  rebalanceTimer: NodeJS.Timeout | null = null;
  delayingInitialJoin = false;

  constructor(readonly id: string) {}
}

const EMPTY = Buffer.alloc(0);

function sameProtocols(a: GroupProtocol[], b: GroupProtocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.metadata.equals(b[i]!.metadata));
}

/**
 * The classic (pre-KIP-848) group coordinator: Empty → PreparingRebalance → CompletingRebalance
 * → Stable, with generations, session timeouts and rebalance timeouts, as Kafka's GroupCoordinator.
 */
export class GroupCoordinator {
  private groups = new Map<string, Group>();

  constructor(
    private readonly opts: CoordinatorOptions,
    private readonly offsets: OffsetStore,
  ) {}

  join(req: JoinRequest): Promise<JoinResult> {
    const fail = (error: number, memberId = req.memberId): Promise<JoinResult> =>
      Promise.resolve({ error, generationId: -1, protocol: null, leaderId: '', memberId, members: [] });

    if (!req.groupId) return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < this.opts.minSessionTimeoutMs || req.sessionTimeoutMs > this.opts.maxSessionTimeoutMs) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(req.groupId);
    if (!group) this.groups.set(req.groupId, (group = new Group(req.groupId)));
    if (!this.supportsGroupProtocols(group, req)) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

    if (req.memberId === '') {
      const memberId = `${req.clientId}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        const g = group;
        g.pending.set(
          memberId,
          setTimeout(() => {
            g.pending.delete(memberId);
            this.tryCompleteJoin(g);
          }, req.sessionTimeoutMs),
        );
        return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMember(group, memberId, req);
    }
    const pendingTimer = group.pending.get(req.memberId);
    if (pendingTimer) {
      clearTimeout(pendingTimer);
      group.pending.delete(req.memberId);
      return this.addMember(group, req.memberId, req);
    }
    const member = group.members.get(req.memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    return this.rejoin(group, member, req);
  }

  private supportsGroupProtocols(group: Group, req: JoinRequest): boolean {
    if (req.protocols.length === 0 || !req.protocolType) return false;
    if (group.members.size === 0) return true;
    if (req.protocolType !== group.protocolType) return false;
    return this.candidateProtocols(group).some((name) => req.protocols.some((p) => p.name === name));
  }

  private candidateProtocols(group: Group): string[] {
    const members = [...group.members.values()];
    return members[0]!.protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  }

  private addMember(group: Group, memberId: string, req: JoinRequest): Promise<JoinResult> {
    return new Promise((resolve) => {
      const member: Member = {
        memberId,
        groupInstanceId: req.groupInstanceId,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocols: req.protocols,
        assignment: EMPTY,
        awaitingJoin: resolve,
        awaitingSync: null,
        sessionTimer: null,
      };
      group.members.set(memberId, member);
      group.protocolType = req.protocolType;
      group.leaderId ??= memberId;
      this.opts.log(`group ${group.id}: member ${memberId} joined`);
      if (group.state === 'PreparingRebalance') this.tryCompleteJoin(group);
      else this.prepareRebalance(group, `member ${memberId} joined`);
    });
  }

  private rejoin(group: Group, member: Member, req: JoinRequest): Promise<JoinResult> {
    const changed = !sameProtocols(member.protocols, req.protocols);
    const settled = group.state === 'Stable' || group.state === 'CompletingRebalance';
    // A follower that rejoins with nothing new just learns the current generation again.
    if (settled && !changed && (group.state === 'CompletingRebalance' || member.memberId !== group.leaderId)) {
      this.startSession(group, member);
      return Promise.resolve(this.joinResult(group, member));
    }
    return new Promise((resolve) => {
      member.awaitingJoin?.({ ...this.joinResult(group, member), error: ErrorCode.REBALANCE_IN_PROGRESS });
      member.protocols = req.protocols;
      member.sessionTimeoutMs = req.sessionTimeoutMs;
      member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
      member.awaitingJoin = resolve;
      this.stopSession(member);
      if (group.state === 'PreparingRebalance') this.tryCompleteJoin(group);
      else this.prepareRebalance(group, `member ${member.memberId} rejoined`);
    });
  }

  private joinResult(group: Group, member: Member): JoinResult {
    const isLeader = member.memberId === group.leaderId;
    return {
      error: ErrorCode.NONE,
      generationId: group.generation,
      protocol: group.protocol,
      leaderId: group.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.protocols.find((p) => p.name === group.protocol)?.metadata ?? EMPTY,
          }))
        : [],
    };
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) this.answerSync(m, ErrorCode.REBALANCE_IN_PROGRESS);
    }
    const wasEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    this.opts.log(`group ${group.id}: rebalancing (${reason})`);
    if (group.rebalanceTimer) clearTimeout(group.rebalanceTimer);
    if (wasEmpty && this.opts.initialRebalanceDelayMs > 0) {
      group.delayingInitialJoin = true;
      group.rebalanceTimer = setTimeout(() => {
        group.delayingInitialJoin = false;
        group.rebalanceTimer = null;
        this.tryCompleteJoin(group);
      }, this.opts.initialRebalanceDelayMs);
      return;
    }
    // Members that have not rejoined within the longest rebalance timeout are dropped.
    const timeout = Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
    group.rebalanceTimer = setTimeout(() => {
      group.rebalanceTimer = null;
      this.completeJoin(group);
    }, timeout);
    this.tryCompleteJoin(group);
  }

  private tryCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance' || group.delayingInitialJoin) return;
    const allJoined = [...group.members.values()].every((m) => m.awaitingJoin !== null) && group.pending.size === 0;
    if (allJoined) this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    if (group.rebalanceTimer) clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = null;
    for (const m of [...group.members.values()]) {
      if (!m.awaitingJoin) this.dropMember(group, m, 'did not rejoin within the rebalance timeout');
    }
    for (const timer of group.pending.values()) clearTimeout(timer);
    group.pending.clear();
    group.generation++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocol = null;
      group.leaderId = null;
      this.opts.log(`group ${group.id}: empty at generation ${group.generation}`);
      return;
    }
    group.protocol = this.selectProtocol(group);
    if (!group.leaderId || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value!;
    group.state = 'CompletingRebalance';
    this.opts.log(`group ${group.id}: generation ${group.generation} with ${group.members.size} member(s)`);
    for (const m of group.members.values()) {
      const resolve = m.awaitingJoin!;
      m.awaitingJoin = null;
      this.startSession(group, m);
      resolve(this.joinResult(group, m));
    }
  }

  /** Each member votes for its most preferred protocol that every member supports. */
  private selectProtocol(group: Group): string {
    const candidates = this.candidateProtocols(group);
    const votes = new Map<string, number>();
    for (const m of group.members.values()) {
      const choice = m.protocols.find((p) => candidates.includes(p.name))!.name;
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    return [...votes].sort((a, b) => b[1] - a[1])[0]![0];
  }

  private startSession(group: Group, member: Member): void {
    this.stopSession(member);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (group.members.get(member.memberId) !== member) return;
      this.opts.log(`group ${group.id}: member ${member.memberId} missed its session timeout`);
      this.removeMember(group, member);
    }, member.sessionTimeoutMs);
  }

  private stopSession(member: Member): void {
    if (member.sessionTimer) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
  }

  private answerSync(member: Member, error: number): void {
    const resolve = member.awaitingSync;
    member.awaitingSync = null;
    resolve?.({ error, assignment: error === ErrorCode.NONE ? member.assignment : EMPTY });
  }

  private dropMember(group: Group, member: Member, reason: string): void {
    this.stopSession(member);
    group.members.delete(member.memberId);
    if (group.leaderId === member.memberId) group.leaderId = group.members.keys().next().value ?? null;
    member.awaitingJoin?.({
      error: ErrorCode.UNKNOWN_MEMBER_ID,
      generationId: -1,
      protocol: null,
      leaderId: '',
      memberId: member.memberId,
      members: [],
    });
    member.awaitingJoin = null;
    this.answerSync(member, ErrorCode.REBALANCE_IN_PROGRESS);
    this.opts.log(`group ${group.id}: member ${member.memberId} removed (${reason})`);
  }

  private removeMember(group: Group, member: Member, reason = 'session timeout'): void {
    this.dropMember(group, member, reason);
    if (group.state === 'PreparingRebalance') this.tryCompleteJoin(group);
    else if (group.state === 'Stable' || group.state === 'CompletingRebalance') {
      this.prepareRebalance(group, `member ${member.memberId} left`);
    }
  }

  sync(
    groupId: string,
    generationId: number,
    memberId: string,
    assignments: { memberId: string; assignment: Buffer }[],
  ): Promise<SyncResult> {
    const fail = (error: number): Promise<SyncResult> => Promise.resolve({ error, assignment: EMPTY });
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (generationId !== group.generation) return fail(ErrorCode.ILLEGAL_GENERATION);
    if (group.state === 'PreparingRebalance') return fail(ErrorCode.REBALANCE_IN_PROGRESS);
    this.startSession(group, member);
    if (group.state === 'Stable') return Promise.resolve({ error: ErrorCode.NONE, assignment: member.assignment });
    return new Promise((resolve) => {
      this.answerSync(member, ErrorCode.REBALANCE_IN_PROGRESS);
      member.awaitingSync = resolve;
      if (memberId !== group.leaderId) return;
      const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
      group.state = 'Stable';
      this.opts.log(`group ${group.id}: stable at generation ${group.generation}`);
      for (const m of group.members.values()) this.answerSync(m, ErrorCode.NONE);
    });
  }

  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (!member.awaitingJoin) this.startSession(group, member);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(groupId: string, memberIds: string[]): { memberId: string; error: number }[] {
    const group = this.groups.get(groupId);
    return memberIds.map((memberId) => {
      const member = group?.members.get(memberId);
      if (!group || !member) return { memberId, error: ErrorCode.UNKNOWN_MEMBER_ID };
      this.removeMember(group, member, 'left the group');
      return { memberId, error: ErrorCode.NONE };
    });
  }

  /** Kafka's rules for who may commit: members of the current generation, or anyone to an empty group. */
  checkCommit(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    if (generationId < 0 && memberId === '' && (!group || group.members.size === 0)) return ErrorCode.NONE;
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generation) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    if (!member.awaitingJoin) this.startSession(group, member);
    return ErrorCode.NONE;
  }

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      const known = this.offsets.groupIds().includes(groupId);
      return { groupId, state: known ? 'Empty' : 'Dead', protocolType: known ? 'consumer' : '', protocol: '', members: [] };
    }
    const stable = group.state === 'Stable';
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocol: group.protocol ?? '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? (m.protocols.find((p) => p.name === group.protocol)?.metadata ?? EMPTY) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  list(): { groupId: string; protocolType: string }[] {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groupIds()]);
    return [...ids].map((groupId) => ({ groupId, protocolType: this.groups.get(groupId)?.protocolType ?? 'consumer' }));
  }

  delete(groupId: string): number {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!group && !this.offsets.groupIds().includes(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    this.groups.delete(groupId);
    this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  close(): void {
    for (const group of this.groups.values()) {
      if (group.rebalanceTimer) clearTimeout(group.rebalanceTimer);
      for (const timer of group.pending.values()) clearTimeout(timer);
      for (const m of group.members.values()) this.stopSession(m);
    }
    this.groups.clear();
  }
}
