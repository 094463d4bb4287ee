import {
  Button,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  type MenuProps,
} from "@fluentui/react-components";
import { LocalLanguageRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { changeLanguage, currentLanguage, LANGUAGES, type Language } from "../i18n/index.ts";

function isLanguage(value: string | undefined): value is Language {
  return LANGUAGES.some((language) => language === value);
}

/**
 * The language switch shown on every page, sign-in and setup included. Each language is named in
 * itself (and marked with its `lang`) so a reader of either can find their own.
 */
export function LanguageMenu() {
  const { t } = useTranslation();
  const current = currentLanguage();
  const onChange: MenuProps["onCheckedValueChange"] = (_event, data) => {
    const chosen = data.checkedItems[0];
    if (isLanguage(chosen)) void changeLanguage(chosen);
  };
  return (
    <Menu checkedValues={{ language: [current] }} onCheckedValueChange={onChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<LocalLanguageRegular />}>
          {t("language.button", { current: t(`language.${current}`) })}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {LANGUAGES.map((language) => (
            <MenuItemRadio key={language} name="language" value={language} lang={language}>
              {t(`language.${language}`)}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
