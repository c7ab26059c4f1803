/**
 * Fault injection for reliability tests: latency, error statuses, dropped connections and
 * optimistic-concurrency conflicts on requests that match a rule.
 */

/** Which requests a fault applies to. Every given field must match. @public */
export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /**
   * Prefix of the request path as sent (including a member's `/apis/cluster.karmada.io/...`
   * proxy prefix), or of the path inside the addressed cluster.
   */
  pathPrefix?: string;
  /** The addressed cluster: `karmada` for the control plane, or a member name. */
  cluster?: string;
}

/** A fault to inject. @public */
export interface FaultSpec {
  match?: FaultMatch;
  /** How many matching requests it affects; unlimited when absent. */
  times?: number;
  /** Delay before the request is handled (or failed). */
  latencyMs?: number;
  /** Answer with this status and a `Status` body, e.g. 500, 503, 429. */
  status?: number;
  /** Destroy the connection without a response. */
  dropConnection?: boolean;
  /** Answer 409 `Conflict` as a stale resourceVersion would. */
  conflict?: boolean;
  /**
   * Apply the request first, then fail its reply (`status` or `dropConnection`): a write that
   * took effect although the client never heard so.
   */
  afterApply?: boolean;
  /**
   * Called as a matching request arrives; a function it returns is called once the request
   * has been answered. Lets a test count requests and how many overlap.
   */
  observe?: () => void | (() => void);
}

/** A registered fault. @public */
export interface InjectedFault {
  readonly id: number;
  readonly spec: FaultSpec;
  /** Requests it has affected so far. */
  readonly hits: number;
  /** Removes this fault. */
  remove(): void;
}

/** The fault-injection control of a simulator. @public */
export interface FaultInjector {
  inject(spec: FaultSpec): InjectedFault;
  /** Removes every fault. */
  clear(): void;
  /** The active faults. */
  list(): InjectedFault[];
}

/** What a request looks like to the fault matcher. @internal */
export interface FaultRequest {
  method: string;
  rawPath: string;
  clusterPath: string;
  cluster: string;
}

class Fault implements InjectedFault {
  hits = 0;
  constructor(
    readonly id: number,
    readonly spec: FaultSpec,
    private readonly owner: Faults,
  ) {}
  remove() {
    this.owner.removeFault(this);
  }
}

/** The simulator's fault registry. @internal */
export class Faults implements FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  inject(spec: FaultSpec): InjectedFault {
    const fault = new Fault(this.nextId++, { ...spec }, this);
    this.faults.push(fault);
    return fault;
  }

  clear() {
    this.faults = [];
  }

  list(): InjectedFault[] {
    return [...this.faults];
  }

  removeFault(fault: Fault) {
    this.faults = this.faults.filter(f => f !== fault);
  }

  /** The first matching fault, counted as used (and retired once its `times` are spent). */
  take(req: FaultRequest): FaultSpec | undefined {
    const fault = this.faults.find(f => matches(f.spec.match, req));
    if (!fault) return undefined;
    fault.hits++;
    if (fault.spec.times !== undefined && fault.hits >= fault.spec.times) {
      this.removeFault(fault);
    }
    return fault.spec;
  }
}

function matches(match: FaultMatch | undefined, req: FaultRequest): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== req.method.toUpperCase()) {
    return false;
  }
  if (
    match.pathPrefix &&
    !req.rawPath.startsWith(match.pathPrefix) &&
    !req.clusterPath.startsWith(match.pathPrefix)
  ) {
    return false;
  }
  if (match.cluster && match.cluster !== req.cluster) return false;
  return true;
}
