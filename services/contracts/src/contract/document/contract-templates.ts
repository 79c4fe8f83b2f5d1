import type { CustomerCategory } from '@yekuo/events';

/**
 * The supply-use contract templates (供用电合同范本) by customer category: data, not
 * code. Text holds `{{placeholder}}`s filled from the confirmed scheme (三零 at acceptance:
 * the accepted application) and the parties; a changed wording is a new template version, and each contract version
 * records the template and version it was rendered from.
 */
export interface ContractTemplate {
  code: string;
  version: string;
  /** The document title. */
  title: string;
  /** Lines under the title: the parties and the contract's identifiers. */
  preamble: readonly string[];
  clauses: readonly { heading: string; text: string }[];
  /** The signature block (双方签章): one column per party. */
  signatureBlock: { heading: string; utility: readonly string[]; customer: readonly string[] };
}

/** The utility, as a party to every contract (configuration data). */
export const UTILITY_PARTY = { name: '国网示范市电力公司', address: '示范市人民路1号' } as const;

/** Placeholders a template may use; filling a template with any other is an error. */
export const TEMPLATE_PLACEHOLDERS = [
  'caseNumber',
  'contractVersion',
  'schemeVersion',
  'draftedOn',
  'utilityName',
  'utilityAddress',
  'customerName',
  'customerAddress',
  'voltageLevel',
  'capacityKva',
  'supplySources',
  'supplyPoints',
  'meteringMethod',
  'tariffCategory',
  'propertyBoundary',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** Wording of the scheme's codes in the contract (data); an unknown code is printed as it is. */
export const CONTRACT_LABELS = {
  voltageLevel: {
    AC220V: '交流220伏',
    AC380V: '交流380伏',
    AC10KV: '交流10千伏',
    AC20KV: '交流20千伏',
    AC35KV: '交流35千伏',
    AC110KV: '交流110千伏',
  },
  meteringMethod: {
    HIGH_SUPPLY_HIGH_METERING: '高供高计',
    HIGH_SUPPLY_LOW_METERING: '高供低计',
    LOW_SUPPLY_LOW_METERING: '低供低计',
  },
  tariffCategory: {
    RESIDENTIAL: '居民生活用电',
    GENERAL_INDUSTRIAL_COMMERCIAL: '一般工商业用电',
    LARGE_INDUSTRIAL: '大工业用电',
    AGRICULTURAL: '农业生产用电',
  },
  supplySources: { 1: '单电源', 2: '双电源' },
} as const satisfies Record<string, Record<string | number, string>>;

/** What the document says while a party detail is still to be supplied by a contract officer. */
export const TO_BE_CONFIRMED = '（待核实）';

const PREAMBLE = [
  '合同编号：{{caseNumber}}-{{contractVersion}}',
  '业扩编号：{{caseNumber}}　　供电方案版本：{{schemeVersion}}　　拟定日期：{{draftedOn}}',
  '供电人：{{utilityName}}（地址：{{utilityAddress}}）',
  '用电人：{{customerName}}（地址：{{customerAddress}}）',
];

const SUPPLY_CLAUSES = [
  {
    heading: '第一条　用电容量',
    text: '供电人同意向用电人供电，用电人的用电容量（受电设备容量）为 {{capacityKva}} 千伏安（kVA）。用电人增加用电容量，应另行办理增容手续。',
  },
  {
    heading: '第二条　供电方式与供电点',
    text: '供电人以{{voltageLevel}}电压、{{supplySources}}方式向用电人供电，供电点：{{supplyPoints}}。',
  },
  {
    heading: '第三条　计量方式',
    text: '用电计量方式为{{meteringMethod}}。计量装置由供电人按国家规定安装、校验和管理，用电人应妥善保护。',
  },
  {
    heading: '第四条　电价类别',
    text: '用电人的用电执行{{tariffCategory}}电价，按政府主管部门批准的电价标准和收费办法结算，电价调整时按调整后的标准执行。',
  },
  {
    heading: '第五条　产权分界点',
    text: '供用电设施的产权分界点为：{{propertyBoundary}}。分界点电源侧设施由供电人负责运行维护，负荷侧设施由用电人负责运行维护。',
  },
  {
    heading: '第六条　电费结算',
    text: '用电人应按供电人规定的期限和方式足额交付电费；逾期交付的，按国家规定承担违约责任。',
  },
  {
    heading: '第七条　合同效力',
    text: '本合同自双方签章之日起生效。本合同以供电方案第{{schemeVersion}}版为依据；供电方案变更的，双方另行签订新版本合同。',
  },
];

const SIGNATURE_BLOCK = {
  heading: '双方签章',
  utility: ['供电人（盖章）：{{utilityName}}', '法定代表人或授权代表（签字）：', '签约日期：'],
  customer: ['用电人（盖章）：{{customerName}}', '法定代表人或授权代表（签字）：', '签约日期：'],
};

const residential: ContractTemplate = {
  code: 'RESIDENTIAL',
  version: '2026-01',
  title: '居民供用电合同',
  preamble: PREAMBLE,
  clauses: SUPPLY_CLAUSES.slice(0, 5).concat([
    {
      heading: '第六条　安全用电',
      text: '用电人应安全、节约、有序用电，不得私自改变用电类别或转供电，不得擅自操作供电人的设施。',
    },
    SUPPLY_CLAUSES[6],
  ]),
  signatureBlock: SIGNATURE_BLOCK,
};

const lowVoltage: ContractTemplate = {
  code: 'LOW_VOLTAGE',
  version: '2026-01',
  title: '低压供用电合同',
  preamble: PREAMBLE,
  clauses: SUPPLY_CLAUSES,
  signatureBlock: SIGNATURE_BLOCK,
};

const highVoltage: ContractTemplate = {
  code: 'HIGH_VOLTAGE',
  version: '2026-01',
  title: '高压供用电合同',
  preamble: PREAMBLE,
  clauses: [
    ...SUPPLY_CLAUSES.slice(0, 6),
    {
      heading: '第七条　调度与运行',
      text: '用电人受电设施的运行应服从电网调度；多路电源之间应有可靠的闭锁装置，严禁向电网倒送电。',
    },
    { ...SUPPLY_CLAUSES[6], heading: '第八条　合同效力' },
  ],
  signatureBlock: SIGNATURE_BLOCK,
};

/**
 * 三零: the contract drafted at acceptance carries the application's terms (capacity, voltage,
 * sources). What only the supply scheme sets (supply points, metering, tariff, property boundary)
 * it leaves to the scheme, and a scheme that changes the application's terms makes a new version.
 */
const APPLICATION_PREAMBLE = [
  PREAMBLE[0],
  '业扩编号：{{caseNumber}}　　条款依据：受理的用电申请　　拟定日期：{{draftedOn}}',
  ...PREAMBLE.slice(2),
];

const APPLICATION_CLAUSES = [
  SUPPLY_CLAUSES[0],
  {
    heading: '第二条　供电方式与供电点',
    text: '供电人以{{voltageLevel}}电压、{{supplySources}}方式向用电人供电；供电点由供电人现场勘查后在供电方案中确定。',
  },
  {
    heading: '第三条　计量方式与电价类别',
    text: '用电计量方式和电价类别由供电人按国家规定在供电方案中确定。计量装置由供电人投资安装、校验和管理，用电人应妥善保护；用电执行政府主管部门批准的电价标准。',
  },
  {
    heading: '第四条　产权分界点与工程投资',
    text: '供用电设施的产权分界点在供电方案中确定。供电人投资建设至产权分界点的供电设施，用电人不承担接电工程费用。分界点电源侧设施由供电人负责运行维护，负荷侧设施由用电人负责运行维护。',
  },
];

const APPLICATION_VALIDITY = {
  heading: '第六条　合同效力',
  text: '本合同自双方签章之日起生效。本合同的用电容量、供电电压和电源数量以受理的用电申请为依据；供电方案确定的用电容量、供电电压或电源数量与之不同的，双方按供电方案另行签订新版本合同。',
};

const threeZeroResidential: ContractTemplate = {
  ...residential,
  code: 'THREE_ZERO_RESIDENTIAL',
  preamble: APPLICATION_PREAMBLE,
  clauses: [...APPLICATION_CLAUSES, { ...residential.clauses[5], heading: '第五条　安全用电' }, APPLICATION_VALIDITY],
};

const threeZeroLowVoltage: ContractTemplate = {
  ...lowVoltage,
  code: 'THREE_ZERO_LOW_VOLTAGE',
  preamble: APPLICATION_PREAMBLE,
  clauses: [...APPLICATION_CLAUSES, { ...SUPPLY_CLAUSES[5], heading: '第五条　电费结算' }, APPLICATION_VALIDITY],
};

/** The template a 三零 contract drafted at acceptance, from the application's terms, is drafted from (low voltage only). */
export const THREE_ZERO_TEMPLATES: Partial<Record<CustomerCategory, ContractTemplate>> = {
  LV_RESIDENTIAL: threeZeroResidential,
  LV_NON_RESIDENTIAL: threeZeroLowVoltage,
};

/** What a contract drafted from the application's terms writes for a term only the supply scheme sets. */
export const SET_BY_SCHEME = '（以供电方案为准）';

/** The template each customer category's contract is drafted from. */
export const CONTRACT_TEMPLATES: Record<CustomerCategory, ContractTemplate> = {
  LV_RESIDENTIAL: residential,
  LV_NON_RESIDENTIAL: lowVoltage,
  HV_SINGLE_SOURCE: highVoltage,
  HV_DUAL_SOURCE: highVoltage,
};
