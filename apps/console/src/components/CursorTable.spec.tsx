/** @jest-environment jsdom */
import { fireEvent, screen, within } from '@testing-library/react';
import { CombinedError } from 'urql';
import type { CursorList } from '../graphql/cursor-list';
import { renderPage } from '../testing/render-page';
import { CursorTable } from './CursorTable';

function listOf(names: string[], more: Partial<CursorList<{ name: string }>> = {}): CursorList<{ name: string }> {
  return {
    edges: names.map((name) => ({ cursor: `c-${name}`, node: { name } })),
    hasNextPage: false,
    fetching: false,
    loadingMore: false,
    reload: jest.fn(),
    loadMore: jest.fn(),
    patch: jest.fn(),
    ...more,
  };
}

const columns = [{ key: 'name', title: 'Name', render: (_: unknown, { node }: { node: { name: string } }) => node.name }];

describe('CursorTable', () => {
  it('scrolls in a region named after its caption that a keyboard reaches, and loads more on request', () => {
    const list = listOf(['Alpha', 'Beta'], { hasNextPage: true });
    renderPage(<CursorTable list={list} columns={columns} caption="Meters" empty="None" />, { locale: 'en' });
    const region = screen.getByRole('region', { name: 'Meters (scrolls sideways)' });
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(within(region).getByText('Meters', { selector: 'caption span' })).toBeTruthy();
    expect(within(region).getByText('Beta')).toBeTruthy();
    expect(screen.getByText('2 shown')).toBeTruthy();
    fireEvent.click(screen.getByText('Load more'));
    expect(list.loadMore).toHaveBeenCalledTimes(1);
  });

  it('says what went wrong and that the list is empty, without counting or offering more', () => {
    const list = listOf([], { error: new CombinedError({ networkError: new Error('down') }) });
    renderPage(<CursorTable list={list} columns={columns} empty="Nothing here" counted={false} />, { locale: 'en' });
    expect(screen.getByRole('alert').textContent).toBe('The server cannot be reached; check the connection and try again.');
    expect(screen.getByText('Nothing here')).toBeTruthy();
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.queryByText(/shown/)).toBeNull();
    expect(screen.queryByText('Load more')).toBeNull();
  });
});
