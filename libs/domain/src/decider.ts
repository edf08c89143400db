/** The shape every aggregate has: pure functions from command and state to events, and back. */
export type Decider<Command, Event, State> = Readonly<{
  initialState: State;
  decide: (command: Command, state: State) => readonly Event[];
  evolve: (state: State, event: Event) => State;
}>;

/** Commands carry the clock: the domain never reads one. */
export type Command<Type extends string, Data extends object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  /** When the command was received (ISO 8601), for rules such as "not in the future". */
  now: string;
}>;

export function foldEvents<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState);
}
