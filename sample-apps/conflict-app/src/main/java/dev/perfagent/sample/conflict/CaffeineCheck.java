package dev.perfagent.sample.conflict;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.concurrent.atomic.AtomicInteger;

/** Puts and gets in a bounded cache, and checks a loading cache computes a key only once. */
public final class CaffeineCheck implements LibraryCheck {

  @Override
  public String name() {
    return "caffeine";
  }

  @Override
  public String run() {
    Cache<String, String> cache = Caffeine.newBuilder().maximumSize(100).build();
    cache.put("key", "value");
    LibraryCheck.require("value".equals(cache.getIfPresent("key")), "put/get lost the value");
    LibraryCheck.require(cache.getIfPresent("absent") == null, "absent key has a value");

    AtomicInteger loads = new AtomicInteger();
    LoadingCache<Integer, Integer> loading =
        Caffeine.newBuilder()
            .maximumSize(100)
            .build(
                key -> {
                  loads.incrementAndGet();
                  return key * 2;
                });
    LibraryCheck.require(loading.get(21) == 42, "loader result wrong");
    LibraryCheck.require(loading.get(21) == 42, "cached result wrong");
    LibraryCheck.require(loads.get() == 1, "loader ran " + loads.get() + " times for one key");
    return "";
  }
}
