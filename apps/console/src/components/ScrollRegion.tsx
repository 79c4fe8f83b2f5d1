import type { ReactNode } from 'react';

/**
 * A part wider than the page, scrolling sideways in a region of its own: one a keyboard can reach
 * (focusable) and a screen reader names (axe: scrollable-region-focusable). What it holds needs no
 * scrolling of its own (a table no `scroll.x`).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
