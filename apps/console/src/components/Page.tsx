import { ConfigProvider, Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';

interface PageProps {
  title: string;
  /** The page's main action, beside the title (a button or a link). */
  action?: ReactNode;
  /** What the page is for, under the title. */
  intro?: ReactNode;
  /** The space between the page's parts. */
  gap?: 'middle' | 'large';
  children?: ReactNode;
}

/**
 * A page of the console: its h1 with the page's main action beside it, the intro under it, then
 * the page's parts one under the other. Button words stay as written: no space is put between two
 * Chinese characters ("查询", not "查 询"), so that a button is named by its words.
 */
export function Page({ title, action, intro, gap = 'middle', children }: PageProps) {
  const heading = (
    <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
      {title}
    </Typography.Title>
  );
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <Space orientation="vertical" size={gap} style={{ width: '100%' }}>
        {action ? (
          <Flex justify="space-between" align="center" wrap gap={8}>
            {heading}
            {action}
          </Flex>
        ) : (
          heading
        )}
        {intro && (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {intro}
          </Typography.Paragraph>
        )}
        {children}
      </Space>
    </ConfigProvider>
  );
}
