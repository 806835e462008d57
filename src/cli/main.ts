import { parseArgs } from 'node:util';
import { check, init, peopleList, peopleSave } from './commands';
import { CliError } from './output';
import { rosterExport } from './rosterExport';
import { rosterImport } from './rosterImport';
import { trainingExportCourse, trainingExportLedger, trainingImport, trainingReport } from './training';
import { activitiesCompliance, activitiesExportCompliance } from './activities';
import { backup, restore } from './backup';
import { conflictsList, officeShow } from './offices';
import { packageExport, packageImport } from './packages';

const HELP = `ledger — 乡镇党建台账 命令行工具 (Township Ledger CLI)

用法 Usage:
  ledger init --db FILE --office NAME [--office-code CODE]   新建台账文件（不会覆盖已有文件）
  ledger people list --db FILE [--json] [--search TEXT] [--deleted] [--office OFFICE_ID]
                                                      列出人员（按姓名、身份证号片段或拼音首字母搜索）；
                                                      --office 只列该单位录入的人员
  ledger people save --db FILE --json '{...}'         新增人员，或带 id 时修改；输出保存后的人员
  ledger check --db FILE [--json]                     完整性检查、结构版本、记录数
  ledger roster export FILE.xlsx --db FILE [--category NAME | --view ID[,ID…]] [--office OFFICE_ID] [--mask-ids] [--csv]
                     [--force] [--json]
                                                      按正式格式导出花名册（每个视图一张工作表；身份证号默认完整，
                                                      --mask-ids 部分隐藏；.csv 文件名或 --csv 导出 UTF-8 CSV；已有文件需 --force 才覆盖）；
                                                      --office 只导出该单位录入的人员，标题和填报单位用该单位名称
  ledger roster import FILE.xlsx --db FILE [--dry-run] [--sheet NAME] [--header-row N] [--map 4=idNumber,…]
                     [--errors-xlsx OUT.xlsx] [--json]
                                                      导入花名册（.xlsx 或 .csv）：自动找表头、按身份证号更新已有人员；
                                                      --dry-run 只预览不写入；--errors-xlsx 把未导入的行另存为 xlsx
  ledger training report --db FILE --year YYYY [--json] [--shortfall-only] [--unit NAME] [--ledger NAME] [--mask-ids]
                     [--office OFFICE_ID]
                                                      年度学时台账：每人已完成、应完成学时和差额（--json 输出
                                                      [{id,name,idNumber,unit,hours,required,shortfall,standings}]）；
                                                      --shortfall-only 只列未达标；--ledger 党员教育培训|干部教育培训；
                                                      --office 只统计该单位录入的人员（县级汇总文件中按乡镇统计）
  ledger training export-course COURSE_ID FILE.xlsx --db FILE [--full-ids] [--force] [--json]
                                                      导出培训班参训人员名单（含各场次考勤）和课程安排；身份证号默认部分隐藏
  ledger training export-ledger FILE.xlsx --db FILE --year YYYY [--shortfall-only] [--unit NAME] [--ledger NAME]
                     [--office OFFICE_ID] [--full-ids] [--force] [--json]
                                                      导出年度学时台账或未达标人员名单；身份证号默认部分隐藏；
                                                      --office 只导出该单位录入的人员
  ledger training import FILE.xlsx --course COURSE_ID --db FILE [--session SESSION_ID] [--sheet NAME] [--header-row N]
                     [--dry-run] [--json]            导入参训名单或签到表（.xlsx 或 .csv）：按身份证号或姓名对应花名册人员，
                                                      各场次列（如“3月2日上午”）登记考勤；只有一列“签到”时用 --session 指定场次
  ledger activities compliance --db FILE --year YYYY [--today YYYY-MM-DD] [--org NAME] [--office OFFICE_ID] [--json]
                                                      “三会一课”等组织生活落实情况：每个党支部每类活动的应开期数、已开次数、
                                                      完成和逾期期数（--json 输出 [{branch,type,period,required,held,done,
                                                      overdue,overduePeriods}]）；--today 指定统计日期；--org 只统计该党组织及下级；
                                                      --office 只统计该单位录入的党支部
  ledger activities export-compliance FILE.xlsx --db FILE --year YYYY [--org NAME] [--office OFFICE_ID] [--force] [--json]
                                                      按正式格式导出组织生活落实情况（汇总表和月度明细表）；
                                                      --office 只导出该单位录入的党支部
  ledger backup OUT.sqlite --db FILE [--force] [--json]
                                                      完整备份（先写临时文件、通过完整性检查后再改名；已有文件需 --force 才覆盖）；
                                                      备份含身份证号和电话，请妥善保管U盘
  ledger restore IN.sqlite --db FILE [--json]         从备份恢复：先把当前数据备份到数据文件旁的 backups 文件夹（恢复前_…），
                                                      拒绝已损坏或由更新版本程序创建的备份，较旧的备份会自动升级
  ledger office show --db FILE [--json]               本单位编号、名称和公钥（--json 输出 {id,name,code,publicKey,boxKey}）
  ledger package export OUT --db FILE [--to OFFICE_ID] [--passphrase-env VAR] [--force] [--json]
                                                      导出加密、签名的交换数据包（OUT 为文件夹时自动命名）：--to 为收件单位，
                                                      只含对方还没有的变更；不加 --to 则导出全部数据，必须设密码。密码只从
                                                      环境变量 VAR 读取，不接受直接写在命令行上；写入后读回校验
  ledger package import IN --db FILE [--dry-run] [--passphrase-env VAR] [--json]
                                                      导入数据包：先校验签名和完整性，再在一个事务中写入（导入前自动备份）；
                                                      --dry-run 只预览；--json 输出 {created,updated,unchanged,held,
                                                      conflicts,duplicates,…}；损坏、发错单位、密码错误的数据包一律拒绝
  ledger conflicts list --db FILE [--json]            列出各单位改得不一样、待处理的冲突
  ledger --help                                       显示本帮助

会改动数据的命令在操作日志中记为“命令行”所做；加 --operator 姓名 可记为具体操作人。

人员 JSON 字段 Person fields:
  id, name, gender('男'|'女'), ethnicity('汉族'…), birthDate('YYYY-MM-DD'), idNumber,
  politicalStatus('中共党员'…), politicalStatusCode('01'…), partyJoinDate, education, educationCode('21'…),
  phone, unit, post, category, note

出错时错误信息写到 stderr，退出码非 0，数据不作改动。
`;

async function run(argv: string[], record: string | undefined): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      db: { type: 'string' },
      json: { type: 'boolean' },
      operator: { type: 'string' },
      office: { type: 'string' },
      'office-code': { type: 'string' },
      search: { type: 'string' },
      deleted: { type: 'boolean' },
      category: { type: 'string' },
      view: { type: 'string' },
      'mask-ids': { type: 'boolean' },
      csv: { type: 'boolean' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      map: { type: 'string' },
      'errors-xlsx': { type: 'string' },
      year: { type: 'string' },
      'shortfall-only': { type: 'boolean' },
      unit: { type: 'string' },
      ledger: { type: 'string' },
      'full-ids': { type: 'boolean' },
      course: { type: 'string' },
      session: { type: 'string' },
      today: { type: 'string' },
      org: { type: 'string' },
      to: { type: 'string' },
      'passphrase-env': { type: 'string' },
      // Only to refuse it with a reason: a passphrase typed here would stay in the shell history.
      passphrase: { type: 'string' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const common = { db: values.db, json: values.json, operator: values.operator };
  switch (command) {
    case 'init':
      return init({ ...common, office: values.office, officeCode: values['office-code'] });
    case 'check':
      return check(common);
    case 'people':
      if (sub === 'list') return peopleList({ ...common, search: values.search, deleted: values.deleted, office: values.office });
      if (sub === 'save') return peopleSave({ ...common, data: record });
      throw new CliError(`未知的 people 子命令：${sub ?? '（空）'}。可用：list、save`, 2);
    case 'roster':
      if (sub === 'export') {
        return rosterExport({ ...common, file: positionals[2], category: values.category, view: values.view, office: values.office, maskIds: values['mask-ids'], csv: values.csv, force: values.force });
      }
      if (sub === 'import') {
        return rosterImport({ ...common, file: positionals[2], dryRun: values['dry-run'], sheet: values.sheet, headerRow: values['header-row'], map: values.map, errorsXlsx: values['errors-xlsx'] });
      }
      throw new CliError(`未知的 roster 子命令：${sub ?? '（空）'}。可用：import、export`, 2);
    case 'training': {
      const filters = { year: values.year, shortfallOnly: values['shortfall-only'], unit: values.unit, ledger: values.ledger, office: values.office };
      if (sub === 'report') return trainingReport({ ...common, ...filters, maskIds: values['mask-ids'] });
      if (sub === 'export-course') return trainingExportCourse({ ...common, courseId: positionals[2], file: positionals[3], fullIds: values['full-ids'], force: values.force });
      if (sub === 'export-ledger') return trainingExportLedger({ ...common, ...filters, file: positionals[2], fullIds: values['full-ids'], force: values.force });
      if (sub === 'import') {
        return trainingImport({ ...common, file: positionals[2], courseId: values.course, session: values.session, sheet: values.sheet, headerRow: values['header-row'], dryRun: values['dry-run'] });
      }
      throw new CliError(`未知的 training 子命令：${sub ?? '（空）'}。可用：report、export-course、export-ledger、import`, 2);
    }
    case 'activities': {
      const scope = { year: values.year, org: values.org, office: values.office };
      if (sub === 'compliance') return activitiesCompliance({ ...common, ...scope, today: values.today });
      if (sub === 'export-compliance') return activitiesExportCompliance({ ...common, ...scope, file: positionals[2], force: values.force });
      throw new CliError(`未知的 activities 子命令：${sub ?? '（空）'}。可用：compliance、export-compliance`, 2);
    }
    case 'backup':
      return backup({ ...common, file: sub, force: values.force });
    case 'restore':
      return restore({ ...common, file: sub });
    case 'office':
      if (sub === 'show') return officeShow(common);
      throw new CliError(`未知的 office 子命令：${sub ?? '（空）'}。可用：show`, 2);
    case 'package': {
      const secret = { passphraseEnv: values['passphrase-env'], passphraseOnCommandLine: values.passphrase !== undefined };
      if (sub === 'export') return packageExport({ ...common, ...secret, file: positionals[2], to: values.to, force: values.force });
      if (sub === 'import') return packageImport({ ...common, ...secret, file: positionals[2], dryRun: values['dry-run'] });
      throw new CliError(`未知的 package 子命令：${sub ?? '（空）'}。可用：export、import`, 2);
    }
    case 'conflicts':
      if (sub === 'list') return conflictsList(common);
      throw new CliError(`未知的 conflicts 子命令：${sub ?? '（空）'}。可用：list`, 2);
    default:
      throw new CliError(`未知命令：${command}。运行 ledger --help 查看用法`, 2);
  }
}

/** After `people save`, `--json '{...}'` carries the record rather than being a flag. */
function takeRecordArg(argv: string[]): { argv: string[]; record?: string } {
  if (argv[0] !== 'people' || argv[1] !== 'save') return { argv };
  const i = argv.indexOf('--json');
  const record = argv[i + 1];
  if (i < 0 || record === undefined || record.startsWith('--')) return { argv };
  return { argv: [...argv.slice(0, i), ...argv.slice(i + 2)], record };
}

try {
  const { argv, record } = takeRecordArg(process.argv.slice(2));
  await run(argv, record);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`错误：${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`参数错误：${error.message}\n运行 ledger --help 查看用法\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`错误：${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
