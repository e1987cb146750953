// Transport-level faults any simulator can inject before routing: status bursts (429/503), slow answers,
// connection resets. Each rule matches a method and a path pattern and fires a bounded number of times,
// so every fault scenario is reproducible. Domain faults (a node that fails to start, a plan that fails)
// live in each simulator's own state.
export interface FaultRule {
  /** HTTP method to match; any when omitted */
  method?: string;
  /** path regex source (matched against the decoded path); any when omitted */
  path?: string;
  /** answer with this status instead of routing */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** delay before answering (or before routing, when no status/reset is given), real milliseconds */
  delayMs?: number;
  /** destroy the connection without answering */
  reset?: boolean;
  /** how many matching requests this rule applies to; unlimited when omitted */
  times?: number;
}

export interface FiredFault extends FaultRule {
  id: number;
}

export class FaultBook {
  private rules: (FaultRule & { id: number; left: number; re?: RegExp })[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...rule, id, left: rule.times ?? Infinity, re: rule.path ? new RegExp(rule.path) : undefined });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): FiredFault[] {
    return this.rules.map(({ re: _re, left, ...r }) => ({ ...r, times: Number.isFinite(left) ? left : undefined }));
  }

  /** consumes one firing of the first rule matching this request, if any */
  take(method: string, path: string): FiredFault | undefined {
    for (const r of this.rules) {
      if (r.left <= 0) continue;
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.re && !r.re.test(path)) continue;
      r.left--;
      const { re: _re, left: _left, ...rest } = r;
      if (r.left <= 0) this.remove(r.id);
      return rest;
    }
    return undefined;
  }
}
