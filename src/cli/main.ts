import { parseArgs } from 'node:util';
import { check, init, peopleList, peopleSave } from './commands';
import { CliError } from './output';

const HELP = `ledger — 乡镇党建台账 命令行工具 (Township Ledger CLI)

用法 Usage:
  ledger init --db FILE --office NAME [--office-code CODE]   新建台账文件（不会覆盖已有文件）
  ledger people list --db FILE [--json] [--search TEXT] [--deleted]
                                                      列出人员（按姓名、身份证号片段或拼音首字母搜索）
  ledger people save --db FILE --json '{...}'         新增人员，或带 id 时修改；输出保存后的人员
  ledger check --db FILE [--json]                     完整性检查、结构版本、记录数
  ledger --help                                       显示本帮助

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
      office: { type: 'string' },
      'office-code': { type: 'string' },
      search: { type: 'string' },
      deleted: { type: 'boolean' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const common = { db: values.db, json: values.json };
  switch (command) {
    case 'init':
      return init({ ...common, office: values.office, officeCode: values['office-code'] });
    case 'check':
      return check(common);
    case 'people':
      if (sub === 'list') return peopleList({ ...common, search: values.search, deleted: values.deleted });
      if (sub === 'save') return peopleSave({ ...common, data: record });
      throw new CliError(`未知的 people 子命令：${sub ?? '（空）'}。可用：list、save`, 2);
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
