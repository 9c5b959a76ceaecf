using System.Collections.Generic;
using CoroGen;

namespace Demo;

public static partial class Collections
{
    public struct Countdown
    {
        private int _left;

        public Countdown(int from) => _left = from;

        public Countdown GetEnumerator() => this;

        public int Current => _left;

        public bool MoveNext() => --_left >= 0;

        public void Dispose()
        {
        }
    }

    public readonly struct Three
    {
    }

    public static IEnumerator<int> GetEnumerator(this Three three)
    {
        yield return 1;
        yield return 2;
        yield return 3;
    }

    [Coroutine]
    public static async partial Coro<int> Sum(int[] array, List<int> list)
    {
        var sum = 0;
        foreach (var a in array)
        {
            await Coro.Sleep(0);
            sum += a;
        }

        foreach (var l in list)
        {
            await Coro.Sleep(0);
            sum += l;
        }

        foreach (var c in new Countdown(3))
        {
            await Coro.Sleep(0);
            sum += c;
        }

        foreach (var e in new Three())
        {
            await Coro.Sleep(0);
            sum += e;
        }

        return sum;
    }

    [Coroutine]
    public static async partial Coro<string> Classify(object value)
    {
        switch (value)
        {
            case 0:
                return "zero";
            case int and > 0:
                return "positive";
            case > 100L:
                await Coro.Sleep(0);
                return "big long";
            case string:
                await Coro.Sleep(0);
                break;
            default:
                await Coro.Sleep(0);
                return "other";
        }

        return "string";
    }
    private static Coro<bool> Check(int v) => Coro.FromResult(v > 1);

    [Coroutine]
    public static async partial Coro<string> Guards(int value, (string, int)[] pairs, List<KeyValuePair<string, int>> entries)
    {
        var text = "";
        switch (value)
        {
            case > 0 when await Check(value):
                text = "big";
                break;
            case > 0:
                text = "small";
                goto case -1;
            case -1:
                text += "!";
                break;
            case int negative when negative < -1 && await Check(-negative):
                text = "negative " + negative;
                goto default;
            default:
                await Coro.Sleep(0);
                break;
        }

        foreach (var (name, count) in pairs)
        {
            await Coro.Sleep(0);
            text += name + count;
        }

        foreach ((var key, var _) in entries)
        {
            await Coro.Sleep(0);
            text += key;
        }

        var arm = value switch
        {
            < 0 => "negative",
            var v when await Check(v) => "checked " + v,
            _ => "other",
        };
        return text + arm;
    }
}
