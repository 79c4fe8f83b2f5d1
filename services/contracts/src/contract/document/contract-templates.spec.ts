import { CUSTOMER_CATEGORIES } from '@yekuo/events';
import { fillTemplate, placeholdersOf } from './contract-document';
import {
  CONTRACT_TEMPLATES,
  ContractTemplate,
  TEMPLATE_PLACEHOLDERS,
  TemplatePlaceholder,
  THREE_ZERO_TEMPLATES,
} from './contract-templates';

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

describe('三零 contract templates (data): drafted at acceptance from the application', () => {
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const LOW_VOLTAGE = ['LV_NON_RESIDENTIAL', 'LV_RESIDENTIAL'] as const;
  const templateOf = (category: (typeof LOW_VOLTAGE)[number]): ContractTemplate => {
    const template = THREE_ZERO_TEMPLATES[category];
    if (!template) throw new Error(`no 三零 template for ${category}`);
    return template;
  };

  it('exist for the low-voltage categories only, each its own code under the title of its category', () => {
    expect(Object.keys(THREE_ZERO_TEMPLATES).sort()).toEqual([...LOW_VOLTAGE]);
    for (const category of LOW_VOLTAGE) {
      expect(templateOf(category).code).toMatch(/^THREE_ZERO_[A-Z_]+$/);
      expect(templateOf(category).title).toBe(CONTRACT_TEMPLATES[category].title);
    }
  });

  it.each(LOW_VOLTAGE)('%s states the application’s terms and leaves the scheme’s to the scheme', (category) => {
    const template = templateOf(category);
    const texts = textsOf(template);
    const used = new Set(texts.flatMap(placeholdersOf));
    for (const name of used) expect(TEMPLATE_PLACEHOLDERS).toContain(name);
    for (const required of ['caseNumber', 'customerName', 'utilityName', 'capacityKva', 'voltageLevel', 'supplySources']) {
      expect(used).toContain(required);
    }
    for (const fromScheme of ['schemeVersion', 'supplyPoints', 'meteringMethod', 'tariffCategory', 'propertyBoundary']) {
      expect(used).not.toContain(fromScheme);
    }
    expect(texts.join('\n')).toContain('受理的用电申请');
    const headings = template.clauses.map((c) => c.heading).join(' ');
    for (const subject of ['用电容量', '供电点', '计量方式', '电价类别', '产权分界点', '合同效力']) expect(headings).toContain(subject);
    expect(template.clauses.map((c) => c.heading.split('　')[0])).toEqual(template.clauses.map((_c, i) => `第${numerals[i]}条`));
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
