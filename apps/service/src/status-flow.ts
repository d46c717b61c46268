/** The moves each status of a workflow may make; anything not listed (staying put included) is refused. */
export class StatusFlow<S extends string> {
  constructor(
    /** What moves, as a refusal names it: "case", "return". */
    private readonly noun: string,
    readonly moves: Readonly<Record<S, readonly S[]>>,
  ) {}

  can(from: S, to: S): boolean {
    return this.moves[from].includes(to);
  }

  /** Why a move is refused, naming the moves that are allowed, in words a client can show; null when it is allowed. */
  refusal(from: S, to: S): string | null {
    if (this.can(from, to)) return null;
    const refused = `moving a ${this.noun} from ${from} to ${to} is not allowed`;
    if (from === to) return `${refused}: the ${this.noun} is already ${from}`;
    const allowed = this.moves[from];
    return allowed.length ? `${refused}; from ${from} it can move to ${allowed.join(', ')}` : `${refused}: ${from} is final`;
  }
}
