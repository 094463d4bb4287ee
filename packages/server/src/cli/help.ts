const EN = `Engawa command line

  engawa start                         run the server (same as npm start)
  engawa migrate                       bring the database schema up to date
  engawa tenant create --name N --slug S --owner-email E [--owner-name D] [--owner-password-file F]
                                       create an organisation; prints the owner's invitation link
                                       (or, with a password file, where the owner signs in)
  engawa audit verify [--tenant S] [--checkpoint FILE]...
                                       check every audit chain (and the signed checkpoints given);
                                       exit 0 when intact, 1 naming the first bad event
  engawa audit checkpoint --tenant S   sign and print the organisation's latest checkpoint (keep it)
  engawa keys rotate [--tenant S]      new key-encryption keys; data keys re-wrapped
  engawa risk-lists import LIST FILE [--source TEXT]
                                       replace a shipped risk address list (tor-exits, vpn-asns,
                                       hosting-asns, botnet-c2) for the whole deployment from a file:
                                       one address, CIDR range or AS<number> per line, # comments
  engawa risk-lists show               each list's entry count now

With the embedded database, commands go through the running server, or work on the data folder
when no server runs. Settings come from the same environment variables as the server.`;

const JA = `Engawa コマンドライン

  engawa start                         サーバーを起動する（npm start と同じ）
  engawa migrate                       データベースのスキーマを最新にする
  engawa tenant create --name 名前 --slug ID --owner-email メール [--owner-name 表示名] [--owner-password-file ファイル]
                                       組織を作成し、所有者の招待リンクを表示する
                                       （パスワードファイルを渡すと、所有者のサインイン先を表示する）
  engawa audit verify [--tenant ID] [--checkpoint ファイル]...
                                       すべての監査ログのチェーン（と渡した署名付きチェックポイント）を検証する。
                                       改ざんがなければ終了コード 0、あれば最初の不正なイベントを示して 1
  engawa audit checkpoint --tenant ID  組織の最新チェックポイントに署名して表示する（保管してください）
  engawa keys rotate [--tenant ID]     鍵暗号化鍵を更新し、データ鍵を包み直す
  engawa risk-lists import 一覧名 ファイル [--source 出典]
                                       リスク検出用のアドレス一覧（tor-exits, vpn-asns, hosting-asns, botnet-c2）を
                                       ファイルで置き換える（すべての組織に適用）。1 行に 1 つ、アドレス、CIDR 範囲
                                       または AS<番号> を書く。# から行末まではコメント
  engawa risk-lists show               各一覧の現在の件数を表示する

組み込みデータベースでは、起動中のサーバーを経由して実行します。サーバーが止まっていれば
データフォルダーを直接使います。設定はサーバーと同じ環境変数から読みます。`;

/** Help text in Japanese when the locale is Japanese, otherwise English. */
export function cliHelp(lang: string | undefined): string {
  return lang?.toLowerCase().startsWith("ja") ? JA : EN;
}
