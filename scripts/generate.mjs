// Invented, realistic children's-services scorecards in the tidy layout, deterministic for a seed.
// Used for the sample in inputs/ and for the benchmark workloads; every value is made up.
import { writeFileSync } from 'node:fs';
import * as XLSX from 'xlsx';

const LEADS = ['Priya Shah', 'Tom Hughes', 'Aisha Karim', 'Gareth Evans', 'Helen Osei', 'Mark Lister'];

// [id, title, unit, polarity, target, base, spread, drift, decimals, snAv, englandAv, extra]
const CATALOGUE = [
  [
    'Early Help and Front Door',
    [
      ['EH1', 'Number of contacts received by the front door (in month)', 'number', '', 'Monitor', 980, 90, 2, 0, null, null],
      ['EH2', 'Percentage of contact decisions made within one working day', '%', 'High is good', '90%', 86, 4, 0.3, 1, 88, 85],
      ['EH3', 'Percentage of Early Help assessments completed within 45 working days', '%', 'High is good', '85%', 81, 5, 0.4, 1, 79, null],
      ['EH4', 'Number of families supported by Early Help (month end)', 'number', 'High is good', '1,150', 1080, 40, 6, 0, null, null],
      ['EH5', 'Percentage of Early Help cases closed with outcomes achieved', '%', 'High is good', '80%+', 74, 5, 0.5, 1, 76, null],
      [
        'EH6',
        'Percentage of Early Help episodes stepped up to social care within 12 weeks of closure',
        '%',
        'Low is good',
        'Below 8%',
        6.5,
        1.6,
        0.15,
        1,
        null,
        null,
      ],
      ['EH7', "Number of referrals to children's social care (in month)", 'number', '', 'Monitor', 240, 30, 1, 0, null, null],
      ['EH8', 'Rate of referrals per 10,000 children (rolling 12 months)', 'per 10,000', '', '450-550', 512, 14, 1.5, 1, 530, 545],
      ['EH9', 'Percentage of re-referrals within 12 months', '%', 'Low is good', 'below 18%', 19.5, 1.8, -0.2, 1, 21, 22],
      ['EH10', 'Percentage of referrals leading to no further action', '%', 'Low is good', '<10%', 7.8, 2.2, -0.1, 1, 9, 8],
    ],
  ],
  [
    'Safeguarding and Child Protection',
    [
      ['SG1', 'Percentage of single assessments completed within 45 working days', '%', 'High is good', '90%', 78, 5, -0.4, 1, 86, 84],
      ['SG2', 'Percentage of strategy discussions held within 48 hours of referral', '%', 'High is good', '90.0%', 72, 7, 0.8, 1, null, null],
      ['SG3', 'Percentage of initial child protection conferences within 15 working days', '%', 'High is good', '85%', 82, 7, 0.3, 1, 79, 78],
      ['SG4', 'Rate of children subject to a child protection plan per 10,000', 'per 10,000', '', '34-40', 36.5, 1.5, -0.3, 1, 39.2, 41.6],
      ['SG5', 'Percentage of child protection plans lasting two years or more', '%', 'Low is good', '<4%', 2.8, 0.9, 0.05, 1, 3.6, 4.0],
      [
        'SG6',
        'Percentage of children becoming subject to a plan for a second or subsequent time',
        '%',
        'Low is good',
        'below 20%',
        21.5,
        2.4,
        -0.3,
        1,
        23,
        23.6,
      ],
      ['SG7', 'Percentage of child protection reviews held in timescale', '%', 'High is good', '95-100%', 96.5, 2.5, 0, 1, 91, 90.5],
      ['SG8', 'Percentage of child protection visits within 10 working days', '%', 'High is good', '>90%', 88, 4, 0.3, 1, null, null],
      ['SG9', 'Number of children with a missing episode (in month)', 'number', 'Low is good', '50', 52, 7, -0.3, 0, null, null],
      ['SG10', 'Number of children open to the exploitation pathway', 'number', '', 'Monitor', 41, 4, 0.6, 0, null, null],
    ],
  ],
  [
    'Children in Care',
    [
      ['CIC1', 'Rate of children in care per 10,000 children', 'per 10,000', '', '64-70', 68.4, 0.9, 0.1, 1, 72, 70],
      ['CIC2', 'Number of children entering care (year to date)', 'number', '', 'Monitor', 14, 4, 0, 0, null, null, { cumulative: true }],
      ['CIC3', 'Percentage of children in care with three or more placements in the year', '%', 'Low is good', '<10%', 10.6, 1.1, -0.1, 1, 10, 10],
      ['CIC4', 'Percentage of children in care in the same placement for two years or more', '%', 'High is good', '70%', 66, 2.2, 0.3, 1, 69, 70],
      ['CIC5', 'Percentage of children placed more than 20 miles from home', '%', 'Low is good', '<20%', 23, 1.2, -0.1, 0, 17, 16],
      ['CIC6', 'Percentage of children in care with an up-to-date health assessment', '%', 'High is good', '90%', 86, 3, 0.4, 1, 89, 91],
      ['CIC7', 'Percentage of children in care with dental checks up to date', '%', 'High is good', '80%', 70, 4, 0.5, 1, 75, 76],
      ['CIC8', 'Percentage of reviews of children in care held in timescale', '%', 'High is good', '90-95%', 88, 5, 0.3, 1, null, null],
      ['CIC9', 'Number of children in care placed with in-house foster carers', 'number', 'High is good', '240', 231, 5, 0.4, 0, null, null],
      ['CIC10', 'Number of children adopted (year to date)', 'number', 'High is good', '30', 2.6, 1, 0, 0, null, null, { cumulative: true }],
    ],
  ],
  [
    'Care Leavers',
    [
      ['CL1', 'Percentage of care leavers aged 17-18 in education, employment or training', '%', 'High is good', '75%', 71, 4, 0.2, 1, 66, 65],
      ['CL2', 'Percentage of care leavers aged 19-21 in education, employment or training', '%', 'High is good', '60%', 58, 3, 0.4, 1, 56, 55],
      ['CL3', 'Percentage of care leavers aged 17-18 in suitable accommodation', '%', 'High is good', '95%', 94, 2.4, 0.1, 1, 91, 90],
      ['CL4', 'Percentage of care leavers aged 19-21 in suitable accommodation', '%', 'High is good', '90%', 91, 2.2, 0.1, 1, 88, 88],
      ['CL5', 'Percentage of care leavers with an up-to-date pathway plan', '%', 'High is good', '95%', 89, 3.5, 0.4, 1, null, null],
      ['CL6', 'Percentage of care leavers the authority is in touch with', '%', 'High is good', '97%-99%', 96.5, 1.3, 0.1, 1, 93, 93],
      ['CL7', 'Number of care leavers aged 18-25 supported', 'number', '', 'Monitor', 318, 6, 1.1, 0, null, null],
      ['CL8', 'Number of care leavers in higher education', 'number', 'High is good', '25', 22, 2, 0.2, 0, null, null],
      ['CL9', 'Percentage of pathway plans reviewed within six months', '%', 'High is good', '90%', 84, 4, 0.6, 1, null, null],
      ['CL10', 'Number of care leavers in unsuitable accommodation', 'number', 'Low is good', '0', 4, 1.5, -0.1, 0, null, null],
    ],
  ],
  [
    'Education and Inclusion',
    [
      ['ED1', 'Percentage of education, health and care plans issued within 20 weeks', '%', 'High is good', '60%', 48, 7, 1.2, 1, 50.3, 50.3],
      ['ED2', 'Number of requests for an education, health and care needs assessment (in month)', 'number', '', 'Monitor', 118, 16, 1, 0, null, null],
      ['ED3', 'Percentage of children in care with a personal education plan reviewed this term', '%', 'High is good', '95%', 92, 3, 0.2, 1, null, null],
      ['ED4', 'Attendance rate of children in care (statutory school age)', '%', 'High is good', '92%', 90.5, 1.2, 0.05, 1, 91.4, 91.2],
      ['ED5', 'Percentage of children in care persistently absent', '%', 'Low is good', 'below 15%', 16.5, 1.6, -0.15, 1, 15.9, 16.8],
      ['ED6', 'Number of children in care with a suspension (year to date)', 'number', 'Low is good', '40', 3.4, 1.3, 0, 0, null, null, { cumulative: true }],
      ['ED7', 'Number of permanent exclusions of children in care', 'number', 'Low is good', '0', 0.3, 0.5, 0, 0, null, null],
      ['ED8', 'Number of children missing education (month end)', 'number', 'Low is good', '<60', 63, 8, -0.4, 0, null, null],
      ['ED9', 'Number of children electively home educated (month end)', 'number', '', 'Monitor', 420, 9, 2.1, 0, null, null],
      ['ED10', 'Percentage of 16-17 year olds not in education, employment or training', '%', 'Low is good', '<3.5%', 3.2, 0.5, -0.02, 1, 3.1, 2.9],
    ],
  ],
  [
    'Workforce',
    [
      ['WF1', 'Average caseload of social workers (child in need and child protection)', 'number', 'Low is good', '18', 20.4, 1.2, -0.1, 1, null, null],
      ['WF2', 'Percentage of social workers with more than 20 children allocated', '%', 'Low is good', '<30%', 39, 5, -0.5, 1, null, null],
      ['WF3', 'Turnover rate of social workers (rolling 12 months)', '%', 'Low is good', '15%', 17.5, 1.2, 0.1, 1, 16.1, 16.8],
      ['WF4', 'Vacancy rate of social workers', '%', 'Low is good', '20%', 24.5, 1.6, -0.2, 1, 20.5, 20.0],
      ['WF5', 'Percentage of social workers employed through agencies', '%', 'Low is good', 'below 15%', 17.8, 1.1, -0.15, 1, 17.6, 17.8],
      ['WF6', 'Percentage of case supervisions held in timescale', '%', 'High is good', '95%', 72, 6, 1.1, 1, null, null],
      ['WF7', 'Sickness: average days lost per full-time employee (rolling year)', 'days', 'Low is good', '10', 10.9, 0.45, 0.05, 2, 10.2, null],
      ['WF8', 'Number of collaborative case audits completed', 'number', 'High is good', '6 per month', 6, 1.5, 0, 0, null, null],
      ['WF9', 'Percentage of audited cases graded good or better', '%', 'High is good', '80%+', 58, 8, 1.2, 0, null, null],
      ['WF10', 'Number of newly qualified social workers in the assessed year', 'number', '', 'Monitor', 24, 1.5, 0.1, 0, null, null],
    ],
  ],
];

const MONTHS = ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'];

const COMMENTS = {
  rising: [
    'Performance improved again this month following the changes to duty rota arrangements introduced in the autumn.',
    'The improvement reflects the additional capacity from two newly appointed team managers.',
    'The increase is in line with the seasonal pattern seen in previous years and is being monitored closely.',
  ],
  falling: [
    'Performance dipped this month. Team managers are reviewing every case that fell outside timescale, and a recovery plan is in place.',
    'The fall reflects staff absence in two teams over the holiday period; cover has now been arranged.',
    'Recording delays on the case management system account for part of the decline; data will be refreshed next month.',
  ],
  steady: [
    'Performance is stable. The service continues to benchmark well against statistical neighbours.',
    'No significant change this month. The indicator remains under review at the monthly performance clinic.',
  ],
};

/** A small, fast, seeded generator (mulberry32), so every run makes the same workbook. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds the catalogue out to `count` indicators: the 60 above first, then further localities of
 * the same measures, so larger workloads look like larger councils.
 */
function indicatorsFor(count) {
  const localities = ['North', 'South', 'East', 'West', 'Central', 'Coastal', 'Rural', 'Urban'];
  const out = [];
  for (let round = 0; out.length < count; round++) {
    for (const [section, rows] of CATALOGUE) {
      for (const row of rows) {
        if (out.length >= count) break;
        const [id, title, ...rest] = row;
        const suffix =
          round === 0 ? '' : ` (${localities[(round - 1) % localities.length]}${round > localities.length ? ` ${Math.ceil(round / localities.length)}` : ''})`;
        out.push({ section: round === 0 ? section : `${section}${suffix}`, id: round === 0 ? id : `${id}.${round}`, title: `${title}${suffix}`, rest });
      }
    }
  }
  return out;
}

/** Returns the workbook object (SheetJS) for `count` indicators over the 12 months of `fyStart`/`fyStart+1`. */
export function generateWorkbook({ count = 60, seed = 2025, fyStart = 2025 } = {}) {
  const rand = rng(seed);
  const periods = MONTHS.map((m, i) => `${m}-${String((i < 9 ? fyStart : fyStart + 1) % 100).padStart(2, '0')}`);
  const indicators = [
    [
      'ID',
      'Title',
      'Section',
      'Unit',
      'Decimals',
      'Polarity',
      'Target',
      'Tolerance',
      'Lead',
      'Frequency',
      'Cumulative',
      'Benchmark: Statistical neighbours',
      'Benchmark: England',
    ],
  ];
  const values = [['ID', 'Period', 'Value', 'Numerator', 'Denominator', 'Note']];
  const commentary = [['ID', 'Period', 'Commentary', 'Author']];

  indicatorsFor(count).forEach(({ section, id, title, rest }, n) => {
    const [unit, polarity, target, base, spread, drift, decimals, sn, eng, extra = {}] = rest;
    const lead = LEADS[n % LEADS.length];
    const pct = unit === '%';
    indicators.push([
      id,
      title,
      section,
      unit,
      decimals,
      polarity,
      target,
      '',
      lead,
      'Monthly',
      extra.cumulative ? 'Yes' : '',
      sn === null ? '' : pctCell(sn, pct, 1),
      eng === null ? '' : pctCell(eng, pct, 1),
    ]);

    let level = base;
    let running = 0;
    const series = [];
    for (let i = 0; i < 12; i++) {
      level += drift + (rand() - 0.5) * spread;
      let v = extra.cumulative ? (running += Math.max(0, base + (rand() - 0.5) * spread * 2)) : level;
      if (pct) v = Math.min(100, Math.max(0, v));
      else v = Math.max(0, v);
      series.push(round(v, decimals));
    }
    series.forEach((v, i) => {
      const roll = rand();
      const period = periods[i];
      let cell = pct
        ? { t: 'n', v: v / 100, z: decimals === 0 ? '0%' : '0.0%' }
        : { t: 'n', v, z: decimals === 2 ? '0.00' : decimals === 1 ? '0.0' : 'General' };
      let note = '';
      let numerator = '';
      let denominator = '';
      if (pct && !extra.cumulative && roll < 0.5) {
        denominator = 20 + Math.floor(rand() * 180);
        numerator = Math.round((v / 100) * denominator);
      }
      if (i === 11 && roll < 0.03) cell = { t: 's', v: 'NYC' };
      else if (roll > 0.995) cell = { t: 's', v: 'suppressed' };
      else if (roll > 0.985 && !pct) {
        cell = { t: 's', v: `${v}r` };
        note = 'Revised after data cleansing';
      }
      values.push([id, period, cell, numerator, denominator, note]);
    });
    if (n % 3 === 1) {
      const change = series[11] - series[10];
      const kind = Math.abs(change) < spread / 8 ? 'steady' : change > 0 === (polarity !== 'Low is good') ? 'rising' : 'falling';
      const options = COMMENTS[kind];
      commentary.push([id, periods[11], options[Math.floor(rand() * options.length)], lead]);
    }
  });
  const sections = [...new Set(indicatorsFor(count).map((i) => i.section))];
  sections.forEach((s, i) => {
    if (i % 2 === 0)
      commentary.push([
        s,
        periods[11],
        `Overall the ${s.toLowerCase()} indicators are broadly stable this month. Areas of focus are set out against each indicator below.`,
        '',
      ]);
  });

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, sheet(indicators), 'Indicators');
  XLSX.utils.book_append_sheet(wb, sheet(values), 'Values');
  XLSX.utils.book_append_sheet(wb, sheet(commentary), 'Commentary');
  return wb;
}

export function writeWorkbook(wb, path) {
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

function pctCell(v, pct, decimals) {
  return pct ? { t: 'n', v: v / 100, z: decimals === 0 ? '0%' : '0.0%' } : { t: 'n', v, z: decimals ? '0.0' : 'General' };
}

function round(v, d) {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

function sheet(rows) {
  const ws = XLSX.utils.aoa_to_sheet(rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? null : c))));
  rows.forEach((r, ri) => {
    r.forEach((c, ci) => {
      if (c !== null && typeof c === 'object') ws[XLSX.utils.encode_cell({ r: ri, c: ci })] = c;
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: Math.max(...rows.map((r) => r.length)) - 1 } });
  return ws;
}
