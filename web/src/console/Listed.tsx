/** A list's three states, alike on every screen: loading, empty (in the screen's own words), or its items. */
import type { ComponentChildren } from 'preact';

export function Listed<T>(props: {
  items: ReadonlyArray<T> | undefined;
  empty: ComponentChildren;
  children: (items: ReadonlyArray<T>) => ComponentChildren;
}) {
  if (!props.items) return <p>Loading…</p>;
  if (props.items.length === 0) return <p>{props.empty}</p>;
  return <>{props.children(props.items)}</>;
}
