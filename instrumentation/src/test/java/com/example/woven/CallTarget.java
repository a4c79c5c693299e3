package com.example.woven;

import java.io.IOException;

/** Methods a layer replaces in CallAdviceTest; bodies that show whether they ran. */
public class CallTarget {
    public int bodies;

    public int square(int x) {
        bodies++;
        return x * x;
    }

    public String echo(String text) throws IOException {
        bodies++;
        return text;
    }

    public static long twice(long x) {
        return 2 * x;
    }
}
