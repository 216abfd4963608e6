"""RSS 2.0 and Atom feeds of the live U-지식여행 episodes (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from . import selectors


class EpisodeRssFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro or "3분 내외의 U-지식여행 영상을 정기적으로 올립니다."

    def items(self):
        return selectors.feed_episodes(self.index_page)

    def item_title(self, episode):
        return episode.title

    def item_description(self, episode):
        return episode.summary

    def item_link(self, episode):
        return episode.get_url(self.request)

    def item_pubdate(self, episode):
        return episode.published_on

    def item_updateddate(self, episode):
        return episode.last_published_at or episode.published_on

    def item_categories(self, episode):
        return [episode.topic.name]


class EpisodeAtomFeed(EpisodeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
