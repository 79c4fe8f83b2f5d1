import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { fillTemplate, placeholdersOf } from './contract-document';
import { CONTRACT_TEMPLATES, ContractTemplate, TEMPLATE_PLACEHOLDERS, TemplatePlaceholder } from './contract-templates';

const VALUES = Object.fromEntries(TEMPLATE_PLACEHOLDERS.map((p) => [p, `<${p}>`])) as Record<TemplatePlaceholder, string>;

function textsOf(template: ContractTemplate): string[] {
  return [
    template.title,
    ...template.preamble,
    ...template.clauses.flatMap((c) => [c.heading, c.text]),
    template.signatureBlock.heading,
    ...template.signatureBlock.utility,
    ...template.signatureBlock.customer,
  ];
}

describe('contract templates (data)', () => {
  it('give every customer category a template with a code, a version and a Chinese title', () => {
    expect(Object.keys(CONTRACT_TEMPLATES).sort()).toEqual([...CUSTOMER_CATEGORIES].sort());
    for (const template of Object.values(CONTRACT_TEMPLATES)) {
      expect(template.code).toMatch(/^[A-Z_]+$/);
      expect(template.version).toMatch(/^\d{4}-\d{2}$/);
      expect(template.title).toMatch(/供用电合同$/);
    }
    expect(CONTRACT_TEMPLATES.LV_RESIDENTIAL.title).toBe('居民供用电合同');
    expect(CONTRACT_TEMPLATES.HV_DUAL_SOURCE.title).toBe('高压供用电合同');
  });

  it.each(CUSTOMER_CATEGORIES)('%s uses only known placeholders, and states every term and both parties', (category) => {
    const template = CONTRACT_TEMPLATES[category];
    const used = new Set(textsOf(template).flatMap(placeholdersOf));
    for (const name of used) expect(TEMPLATE_PLACEHOLDERS).toContain(name);
    for (const required of [
      'caseNumber',
      'customerName',
      'utilityName',
      'capacityKva',
      'supplyPoints',
      'meteringMethod',
      'tariffCategory',
      'propertyBoundary',
    ]) {
      expect(used).toContain(required);
    }
    const headings = template.clauses.map((c) => c.heading).join(' ');
    for (const subject of ['用电容量', '供电点', '计量方式', '电价类别', '产权分界点']) expect(headings).toContain(subject);
    expect(template.signatureBlock.heading).toBe('双方签章');
  });

  it.each(CUSTOMER_CATEGORIES)('%s numbers its clauses in order', (category) => {
    const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    expect(CONTRACT_TEMPLATES[category].clauses.map((c) => c.heading.split('　')[0])).toEqual(
      CONTRACT_TEMPLATES[category].clauses.map((_c, i) => `第${numerals[i]}条`),
    );
  });
});

describe('fillTemplate', () => {
  it('fills every placeholder and leaves none behind', () => {
    const filled = fillTemplate(CONTRACT_TEMPLATES.HV_DUAL_SOURCE, { ...VALUES, customerName: '华东电子科技有限公司', capacityKva: '800' });
    const all = [
      filled.title,
      ...filled.preamble,
      ...filled.clauses.flatMap((c) => [c.heading, c.text]),
      ...filled.signatureBlock.customer,
    ];
    expect(all.join('\n')).not.toMatch(/\{\{|\}\}/);
    expect(filled.preamble).toContain('用电人：华东电子科技有限公司（地址：<customerAddress>）');
    expect(filled.clauses[0].text).toContain('800 千伏安');
    expect(filled.signatureBlock.customer[0]).toBe('用电人（盖章）：华东电子科技有限公司');
  });

  it('refuses a template with an unknown placeholder', () => {
    const broken: ContractTemplate = { ...CONTRACT_TEMPLATES.LV_RESIDENTIAL, title: '{{customerPhone}}的合同' };
    expect(() => fillTemplate(broken, VALUES)).toThrow('contract template: unknown placeholder {{customerPhone}}');
  });
});
