import { Alert, Button, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import type { CursorEdge, CursorList } from '../graphql/cursor-list';
import { describeError } from '../i18n/errors';
import { useI18n } from '../i18n/i18n';
import { ScrollRegion } from './ScrollRegion';

interface CursorTableProps<N> {
  list: CursorList<N>;
  columns: TableColumnsType<CursorEdge<N>>;
  /** The table's caption; it also names the region the table scrolls sideways in (a table without one does not scroll on its own). */
  caption?: string;
  /** What the table says while the list is empty. */
  empty: ReactNode;
  /** Say how many rows are shown, beside the button for more. */
  counted?: boolean;
}

/**
 * A list read page by page (useCursorList) as a table: what went wrong in words, the rows (a
 * spinner until the first page is in), how many are shown and a button for the next page.
 */
export function CursorTable<N>({ list, columns, caption, empty, counted = true }: CursorTableProps<N>) {
  const i18n = useI18n();
  const { t } = i18n;
  const table = (
    <Table<CursorEdge<N>>
      rowKey="cursor"
      caption={caption && <span style={{ display: 'block', textAlign: 'left', fontWeight: 600 }}>{caption}</span>}
      columns={columns}
      dataSource={list.edges}
      loading={list.fetching && list.edges.length === 0}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
    />
  );
  const more = list.hasNextPage && (
    <Button onClick={list.loadMore} loading={list.loadingMore}>
      {t('app.more')}
    </Button>
  );
  return (
    <Flex vertical gap="middle">
      {list.error && <Alert type="error" showIcon title={describeError(i18n, list.error).message} />}
      {caption ? <ScrollRegion label={t('app.scrollsSideways', { name: caption })}>{table}</ScrollRegion> : table}
      {counted ? (
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">{list.edges.length > 0 && t('app.shown', { count: list.edges.length })}</Typography.Text>
          {more}
        </Flex>
      ) : (
        more && <Flex justify="flex-end">{more}</Flex>
      )}
    </Flex>
  );
}
