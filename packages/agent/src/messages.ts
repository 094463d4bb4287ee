/** The agent's words, in Japanese and English (chosen by --lang, else LC_ALL / LANG). */
export type Lang = "ja" | "en";

export function langOf(args: string[], env: NodeJS.ProcessEnv): Lang {
  const flag = args.indexOf("--lang");
  const asked = flag >= 0 ? args[flag + 1] : (env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? "");
  return asked?.startsWith("ja") ? "ja" : "en";
}

export const MESSAGES = {
  en: {
    help: `engawa-agent — registers this computer with Engawa and reports its security posture

Usage:
  engawa-agent register --server URL --code CODE [--name NAME]
      Register this computer as one of your devices. Get the code on Engawa's
      security page ("Register a computer"); it is good for ten minutes, once.
      A new key is made on this computer; its private half never leaves it.
  engawa-agent report
      Send this computer's posture (signed with its key) and show whether it
      meets your organisation's rules. Run it regularly (a systemd timer as
      root sees the firewall too): a report older than the rules allow no
      longer counts.
  engawa-agent link --code CODE
      Link a browser on this computer to it, so that your organisation counts
      the browser as this computer (its compliance). Get the code in that
      browser, under "Your devices" on the security page ("Link to this computer").
  engawa-agent posture
      Show what this computer says of itself, without sending anything.
  engawa-agent help

Options:
  --lang ja|en   language of these messages
Files:
  $ENGAWA_AGENT_HOME/agent.json (default ~/.config/engawa-agent), mode 0600`,
    registered: (name: string, id: string) => `Registered "${name}" (device ${id}).`,
    linked: (name: string) => `The browser "${name}" is now linked to this computer.`,
    compliant: "This computer meets your organisation's rules.",
    notCompliant: "This computer does not meet your organisation's rules:",
    notRegistered: "This computer is not registered yet: run `engawa-agent register` first.",
    missing: (option: string) => `Missing ${option}.`,
    refused: (code: string, message: string) => `Engawa refused (${code}): ${message}`,
    unreachable: (server: string) => `Engawa could not be reached at ${server}.`,
    unknownCommand: (command: string) => `Unknown command "${command}". Try: engawa-agent help`,
    rules: {
      no_posture: "no posture report yet",
      posture_stale: "the last report is too old",
      os_version: "the operating system is older than allowed",
      disk_encryption: "the disk is not encrypted (or this could not be told)",
      firewall: "no active firewall (or this could not be told)",
      screen_lock: "the screen does not lock (or this could not be told)",
      antivirus: "no antivirus or EDR is running (or this could not be told)",
      package_updates: "packages have not been updated recently enough",
    },
  },
  ja: {
    help: `engawa-agent — このコンピューターを Engawa に登録し、セキュリティ状態を報告します

使い方:
  engawa-agent register --server URL --code コード [--name 名前]
      このコンピューターを自分の端末として登録します。コードは Engawa の
      セキュリティページ（「コンピューターを登録」）で発行します（10 分間、1 回限り）。
      このコンピューターで新しい鍵を作ります。秘密鍵が外に出ることはありません。
  engawa-agent report
      このコンピューターの状態を（鍵で署名して）送り、組織のルールを満たして
      いるかを表示します。定期的に実行してください（root の systemd タイマー
      ならファイアウォールも確認できます）。ルールより古い報告は無効になります。
  engawa-agent link --code コード
      このコンピューター上のブラウザーをこのコンピューターに結び付け、組織が
      そのブラウザーをこのコンピューターとして（準拠状況を含めて）扱えるように
      します。コードはそのブラウザーのセキュリティページ「あなたの端末」
      （「このコンピューターに結び付ける」）で発行します。
  engawa-agent posture
      送信せずに、このコンピューターの状態を表示します。
  engawa-agent help

オプション:
  --lang ja|en   メッセージの言語
ファイル:
  $ENGAWA_AGENT_HOME/agent.json（既定は ~/.config/engawa-agent）、権限 0600`,
    registered: (name: string, id: string) => `「${name}」を登録しました（端末 ${id}）。`,
    linked: (name: string) => `ブラウザー「${name}」をこのコンピューターに結び付けました。`,
    compliant: "このコンピューターは組織のルールを満たしています。",
    notCompliant: "このコンピューターは組織のルールを満たしていません:",
    notRegistered:
      "このコンピューターはまだ登録されていません。先に `engawa-agent register` を実行してください。",
    missing: (option: string) => `${option} を指定してください。`,
    refused: (code: string, message: string) => `Engawa が拒否しました（${code}）: ${message}`,
    unreachable: (server: string) => `${server} の Engawa に接続できませんでした。`,
    unknownCommand: (command: string) =>
      `「${command}」というコマンドはありません。engawa-agent help を参照してください。`,
    rules: {
      no_posture: "状態の報告がまだありません",
      posture_stale: "最後の報告が古すぎます",
      os_version: "OS のバージョンが許可されたものより古いです",
      disk_encryption: "ディスクが暗号化されていません（または確認できません）",
      firewall: "ファイアウォールが有効ではありません（または確認できません）",
      screen_lock: "画面ロックが設定されていません（または確認できません）",
      antivirus: "ウイルス対策・EDR が動いていません（または確認できません）",
      package_updates: "パッケージが最近更新されていません",
    },
  },
} as const;
