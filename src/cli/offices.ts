import { call, withExistingDb, type CommonOptions } from './commands';
import { printJson } from './output';

/**
 * `ledger office show --db FILE [--json]`: this office's id and public keys (what another office needs to send it
 * a package), and `ledger conflicts list --db FILE [--json]`: values two offices changed differently.
 */

export async function officeShow(options: CommonOptions): Promise<void> {
  // listOffices makes the keys on first use, like the app's exchange screen.
  const self = (await withExistingDb(options, (_db, api) => call(api, 'listOffices', {}))).find((o) => o.isSelf)!;
  if (options.json) {
    printJson({ id: self.id, name: self.name, code: self.code, publicKey: self.signKey, boxKey: self.boxKey });
    return;
  }
  console.log(`本单位：${self.name}${self.code ? `（代码 ${self.code}）` : ''}`);
  console.log(`单位编号：${self.id}`);
  console.log(`签名公钥：${self.signKey}`);
  console.log(`加密公钥：${self.boxKey}`);
}

export async function conflictsList(options: CommonOptions): Promise<void> {
  const conflicts = await withExistingDb(options, (_db, api) => call(api, 'listConflicts', {}));
  if (options.json) {
    printJson(conflicts);
    return;
  }
  if (conflicts.length === 0) {
    console.log('没有待处理的冲突');
    return;
  }
  for (const c of conflicts) {
    console.log(`${c.tableLabel}「${c.recordLabel}」${c.fieldLabel}：`);
    for (const v of c.values) console.log(`  ${v.winner ? '＊' : '  '}${v.officeName}${v.mine ? '（本单位）' : ''}：${v.display}（${v.at.slice(0, 16).replace('T', ' ')}）`);
  }
  console.log(`共 ${conflicts.length} 处冲突（＊为当前显示的值）；请在程序的“数据交换”中处理`);
}
