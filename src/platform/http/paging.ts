// Newest-first lists paged by id: a page answers the id to pass as `before` for the next, older page.

/** A page of `items` asked for `limit` at a time: `nextBefore` is the last item's id, or null on a short (last) page. */
export function pageBefore<T extends { id: string }>(
  items: T[],
  limit: number,
): { items: T[]; nextBefore: string | null } {
  return { items, nextBefore: items.length >= limit ? (items[items.length - 1] as T).id : null };
}
