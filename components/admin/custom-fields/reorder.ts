/** A definition's place in its list. */
type Placed = { id: number; position: number };

/**
 * The position changes that move `list[index]` one place up (-1) or down (+1): the two neighbours
 * swap positions. Positions need not be distinct (the API orders ties by id), and a swap of equal
 * positions would change nothing, so then the whole list is renumbered in its new order.
 */
export function moveRequests(list: Placed[], index: number, direction: -1 | 1): Placed[] {
  const other = index + direction;
  const a = list[index];
  const b = list[other];
  if (!a || !b) return [];
  if (a.position !== b.position) {
    return [
      { id: a.id, position: b.position },
      { id: b.id, position: a.position },
    ];
  }
  const reordered = [...list];
  reordered[index] = b;
  reordered[other] = a;
  return reordered.flatMap((item, position) => (item.position === position ? [] : [{ id: item.id, position }]));
}
