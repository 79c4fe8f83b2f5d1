import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ROLES } from '@yekuo/events';
import { CurrentPrincipal, IdArg, Principal, Roles, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import type { Locale } from '../channels/channel';
import { NotificationLocaleEnum } from '../enums';
import { NotificationPreferencesInput, NotificationPreferencesView } from '../preferences/preferences.model';
import { PreferencesService } from '../preferences/preferences.service';
import { InboxService } from './inbox.service';
import { NotificationConnection, NotificationView } from './notification.model';

/** Every signed-in person's inbox and notification preferences: customers, agents and staff alike. */
@Resolver(() => NotificationView)
@Roles(...ROLES)
export class InboxResolver {
  constructor(
    private readonly inbox: InboxService,
    private readonly preferences: PreferencesService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  @Query(() => NotificationConnection, {
    description:
      "The caller's inbox, newest first: as customer or agent what was addressed to them, as staff the work of the teams they follow",
  })
  myNotifications(
    @CurrentPrincipal() principal: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 100' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page' }) after: string | undefined,
    @Args('unreadOnly', { defaultValue: false, description: 'Only what the caller has not marked read' }) unreadOnly: boolean,
    @Args('locale', {
      type: () => NotificationLocaleEnum,
      nullable: true,
      description: 'The language to read them in (default: the preferences’)',
    })
    locale: Locale | undefined,
  ): Promise<NotificationConnection> {
    return this.inbox.page(principal, first, after ?? undefined, unreadOnly, locale ?? undefined);
  }

  @Query(() => Int, { description: "How many of the caller's notifications are unread" })
  myUnreadNotificationCount(@CurrentPrincipal() principal: Principal): Promise<number> {
    return this.inbox.unreadCount(principal);
  }

  @Mutation(() => NotificationView, {
    description: "Mark one of the caller's notifications read (again changes nothing); another's is NOT_FOUND",
  })
  markNotificationRead(@CurrentPrincipal() principal: Principal, @IdArg('id') id: string): Promise<NotificationView> {
    return this.inbox.markRead(principal, id, this.time.now());
  }

  @Query(() => NotificationPreferences, { description: 'How the caller is told (the defaults until they set any)' })
  myNotificationPreferences(@CurrentPrincipal() principal: Principal): Promise<NotificationPreferencesView> {
    return this.preferences.of(principal);
  }

  @Mutation(() => NotificationPreferences, { description: 'Change how the caller is told; what the input leaves out stays' })
  setNotificationPreferences(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: NotificationPreferencesInput,
  ): Promise<NotificationPreferencesView> {
    return this.preferences.update(principal, input, this.time.now());
  }
}

const NotificationPreferences = NotificationPreferencesView;
