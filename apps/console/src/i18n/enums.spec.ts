import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { ENUM_LABELS, enumLabel, humanize } from './enums';

const schema = buildSchema(readFileSync(resolve(__dirname, '../graphql/api-schema.graphql'), 'utf8'));
const enums = Object.values(schema.getTypeMap()).filter((t) => isEnumType(t) && !t.name.startsWith('__'));

describe('enum labels', () => {
  it('reads the enums of the API schema', () => {
    expect(enums.length).toBeGreaterThanOrEqual(65);
  });

  it.each(enums.map((e) => [e.name]))('labels every value of %s in zh-CN and English', (name) => {
    const type = schema.getType(name);
    if (!isEnumType(type)) throw new Error(`${name} is not an enum`);
    const missing = type
      .getValues()
      .map((v) => v.name)
      .filter((value) => {
        const pair = ENUM_LABELS[name]?.[value];
        return !pair || !pair[0].trim() || !pair[1].trim();
      });
    expect(missing).toEqual([]);
  });

  it('labels no value the schema does not have', () => {
    const extra = Object.entries(ENUM_LABELS).flatMap(([name, values]) => {
      const type = schema.getType(name);
      if (!isEnumType(type)) return [name];
      const known = new Set(type.getValues().map((v) => v.name));
      return Object.keys(values)
        .filter((v) => !known.has(v))
        .map((v) => `${name}.${v}`);
    });
    expect(extra).toEqual([]);
  });

  it('writes the Chinese labels in Chinese and the English ones without Chinese', () => {
    const han = /\p{Script=Han}/u;
    const wrong = Object.entries(ENUM_LABELS).flatMap(([name, values]) =>
      Object.entries(values)
        .filter(([, [zh, en]]) => han.test(en) || !han.test(zh))
        .map(([value]) => `${name}.${value}`),
    );
    expect(wrong).toEqual([]);
  });

  it('picks the label of the locale, and humanizes what has none', () => {
    expect(enumLabel('zh-CN', 'CustomerCategory', 'HV_DUAL_SOURCE')).toBe('高压双（多）电源');
    expect(enumLabel('en', 'BusinessType', 'NEW_CONNECTION')).toBe('New connection');
    expect(enumLabel('en', 'Unknown', 'SOME_VALUE')).toBe(humanize('SOME_VALUE'));
    expect(enumLabel('zh-CN', 'Role', null)).toBe('');
  });
});
