import type { Locator, Page } from "playwright-core";
import { fill, TEXT, type Locale } from "./text.ts";

/**
 * The steps the chat tests take on the Teams page before what each of them tests, in the reader's
 * language, as a team's owner takes them: creating a private team, adding a person to the team
 * and to a channel. Each ends once the page has confirmed it; what the page shows next is the
 * caller's to wait for.
 */
export function teamSteps(locale: Locale) {
  const T = TEXT[locale];
  const teamMenu = async (page: Page, team: string, entry: string) => {
    await page.getByRole("button", { name: fill(T.chat.teamOptions, { team }) }).click();
    await page.getByRole("menuitem", { name: entry }).click();
  };
  const changeChannelMember = async (
    page: Page,
    channel: string,
    name: string,
    change: "add" | "remove",
  ) => {
    await page.getByRole("button", { name: T.chat.manageChannel }).click();
    const dialog = page.getByRole("dialog", { name: fill(T.channelMembers.title, { channel }) });
    await dialog.getByLabel(T.channelMembers.person, { exact: true }).selectOption({ label: name });
    await dialog.getByRole("button", { name: T.channelMembers[change] }).click();
    const done = change === "add" ? T.channelMembers.added : T.channelMembers.removed;
    await dialog.getByText(fill(done, { name, channel })).waitFor();
    await dialog.getByRole("button", { name: T.common.close }).last().click();
  };
  return {
    /** Fills and sends the Create team dialog for a private team (with a description if given). */
    async createPrivateTeam(page: Page, team: { name: string; description?: string }) {
      await page.getByRole("button", { name: T.chat.createTeam }).click();
      const create = page.getByRole("dialog", { name: T.createTeam.title });
      await create.getByLabel(T.createTeam.name).fill(team.name);
      if (team.description !== undefined) {
        await create.getByLabel(T.createTeam.description).fill(team.description);
      }
      await create.getByRole("radio", { name: T.createTeam.private }).check();
      await create.getByRole("button", { name: T.createTeam.submit }).click();
    },
    /** Chooses `entry` in the team's options menu (in the sidebar). */
    teamMenu,
    /** Adds a standard channel (the whole team sees it) through the team's menu; waits for it. */
    async createChannel(page: Page, team: string, channel: string) {
      await teamMenu(page, team, T.chat.addChannel);
      const add = page.getByRole("dialog", { name: fill(T.addChannel.title, { team }) });
      await add.getByLabel(T.addChannel.name).fill(channel);
      await add.getByRole("button", { name: T.addChannel.submit }).click();
      await add.waitFor({ state: "detached" });
    },
    /**
     * Opens the team's Members dialog and adds the person; answers the dialog, left open for the
     * caller to look at and close.
     */
    async addTeamMember(
      page: Page,
      team: string,
      person: { name: string; email: string },
    ): Promise<Locator> {
      await teamMenu(page, team, T.chat.members);
      const members = page.getByRole("dialog", { name: fill(T.teamMembers.title, { team }) });
      await members
        .getByLabel(T.teamMembers.person, { exact: true })
        .selectOption({ label: `${person.name} (${person.email})` });
      await members.getByRole("button", { name: T.teamMembers.add, exact: true }).click();
      await members.getByText(fill(T.teamMembers.added, { name: person.name })).waitFor();
      return members;
    },
    /** In the open channel's member dialog: adds the person, waits for the notice and closes it. */
    addChannelMember: (page: Page, channel: string, name: string) =>
      changeChannelMember(page, channel, name, "add"),
    /** In the open channel's member dialog: removes the person, waits for the notice, closes it. */
    removeChannelMember: (page: Page, channel: string, name: string) =>
      changeChannelMember(page, channel, name, "remove"),
  };
}
